package io.vseg.runtime.engine;

import io.vseg.api.ClassSet;
import io.vseg.api.tensor.Tensor;
import java.util.Locale;

/**
 * What a network's class-score output holds, and how it becomes {@code logits} (scores whose argmax is the
 * label and whose softmax is the class probability).
 */
enum OutputKind {
    /** Unnormalized scores, one channel per class: used as they are. */
    LOGITS,
    /** Softmax output, one channel per class: log-probabilities. */
    PROBABILITIES,
    /** One channel, the probability of class 1 of two: {@code [log(1 - p), log(p)]}. */
    FOREGROUND;

    private static final float EPS = 1e-6f;

    static OutputKind parse(String key, String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": unknown output kind '" + value
                    + "'; available: logits, probabilities, foreground");
        }
    }

    /** Checks that an output of {@code channels} channels fits this kind and {@code classes}. */
    void check(int channels, ClassSet classes) {
        int expected = this == FOREGROUND ? 1 : classes.size();
        if (this == FOREGROUND && classes.size() != 2) {
            throw new IllegalArgumentException("output-kind foreground needs exactly 2 classes, got " + classes.names());
        }
        if (channels != expected) {
            throw new IllegalArgumentException("the model's output has " + channels + " channels but " + this.name()
                    .toLowerCase(Locale.ROOT) + " with classes " + classes.names() + " needs " + expected);
        }
    }

    Tensor toLogits(Tensor out) {
        return switch (this) {
            case LOGITS -> out;
            case PROBABILITIES -> {
                float[] v = out.toArray();
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) Math.log(Math.max(v[i], EPS));
                }
                yield Tensor.wrap(out.channels(), out.height(), out.width(), v);
            }
            case FOREGROUND -> {
                int n = out.height() * out.width();
                float[] p = out.toArray();
                float[] v = new float[2 * n];
                for (int i = 0; i < n; i++) {
                    float q = Math.min(Math.max(p[i], EPS), 1 - EPS);
                    v[i] = (float) Math.log(1 - q);
                    v[n + i] = (float) Math.log(q);
                }
                yield Tensor.wrap(2, out.height(), out.width(), v);
            }
        };
    }
}
