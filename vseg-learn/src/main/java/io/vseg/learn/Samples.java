package io.vseg.learn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A table of regression samples: a feature vector, a target and the group it came from (a clip), in the order
 * added. Groups decide the split: validation samples come from other clips than training samples, so that
 * neighbouring frames of one clip never sit on both sides (except with a single clip, whose tail is the
 * validation: samples next to the cut may share frames, and its validation error reads somewhat low). A sample
 * made of two clips belongs to both: filed under one, it reaches into the other's side.
 */
public final class Samples {
    private final int features;
    private final List<float[]> x = new ArrayList<>();
    private final List<Float> y = new ArrayList<>();
    private final List<Integer> group = new ArrayList<>();

    public Samples(int features) {
        if (features < 1) {
            throw new IllegalArgumentException("features: must be positive, got " + features);
        }
        this.features = features;
    }

    /** Adds one sample; {@code x} is copied. */
    public void add(int group, float[] x, float y) {
        if (x.length != features) {
            throw new IllegalArgumentException("expected " + features + " features, got " + x.length);
        }
        if (!Float.isFinite(y)) {
            throw new IllegalArgumentException("target must be finite, got " + y);
        }
        for (float v : x) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("features must be finite, got " + java.util.Arrays.toString(x));
            }
        }
        this.x.add(x.clone());
        this.y.add(y);
        this.group.add(group);
    }

    public int size() {
        return y.size();
    }

    public int features() {
        return features;
    }

    public float[] x(int i) {
        return x.get(i).clone();
    }

    public float y(int i) {
        return y.get(i);
    }

    public int group(int i) {
        return group.get(i);
    }

    /** Mean of the targets (what a model that knows nothing predicts); NaN when empty. */
    public double meanTarget() {
        return y.stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
    }

    /** Mean squared error of predicting {@code constant} for every sample. */
    public double squaredError(double constant) {
        return y.stream().mapToDouble(v -> (v - constant) * (v - constant)).average().orElse(Double.NaN);
    }

    /** Mean squared error of {@code model} on these samples. */
    public double squaredError(java.util.function.ToDoubleFunction<float[]> model) {
        double sum = 0;
        for (int i = 0; i < size(); i++) {
            double d = model.applyAsDouble(x.get(i)) - y.get(i);
            sum += d * d;
        }
        return size() == 0 ? Double.NaN : sum / size();
    }

    /** The features as one row-major array, each row standardized by {@code scaler}. */
    float[] standardizedRows(Standardizer scaler) {
        float[] out = new float[size() * features];
        for (int i = 0; i < size(); i++) {
            float[] row = scaler.apply(x.get(i));
            System.arraycopy(row, 0, out, i * features, features);
        }
        return out;
    }

    float[] targets() {
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = y.get(i);
        }
        return out;
    }

    /** These samples followed by {@code other}'s, groups kept. */
    public Samples concat(Samples other) {
        if (other.features != features) {
            throw new IllegalArgumentException("cannot join " + features + " and " + other.features + " features");
        }
        Samples out = new Samples(features);
        for (Samples s : List.of(this, other)) {
            for (int i = 0; i < s.size(); i++) {
                out.add(s.group.get(i), s.x.get(i), s.y.get(i));
            }
        }
        return out;
    }

    /** Training and validation parts. */
    public record Split(Samples train, Samples validation, List<Integer> validationGroups) {
    }

    /**
     * Splits by group: {@code round(share * groups)} groups (at least one), drawn with {@code seed}, go to
     * validation. With one group only, its last {@code share} of samples (in the order added) is the validation.
     *
     * @throws IllegalArgumentException when either side would be empty
     */
    public Split split(double share, long seed) {
        if (share <= 0 || share >= 1) {
            throw new IllegalArgumentException("validation share: in (0, 1), got " + share);
        }
        List<Integer> groups = new ArrayList<>(new TreeSet<>(group));
        Samples train = new Samples(features);
        Samples validation = new Samples(features);
        List<Integer> held;
        if (groups.size() >= 2) {
            Collections.shuffle(groups, new Random(seed));
            int n = Math.max(1, (int) Math.round(share * groups.size()));
            held = List.copyOf(new TreeSet<>(groups.subList(0, Math.min(n, groups.size() - 1))));
            for (int i = 0; i < size(); i++) {
                (held.contains(group.get(i)) ? validation : train).add(group.get(i), x.get(i), y.get(i));
            }
        } else {
            held = List.copyOf(groups);
            int cut = size() - Math.max(1, (int) Math.round(share * size()));
            for (int i = 0; i < size(); i++) {
                (i >= cut ? validation : train).add(group.get(i), x.get(i), y.get(i));
            }
        }
        if (train.size() == 0 || validation.size() == 0) {
            throw new IllegalArgumentException("too few samples to split: " + size() + " in " + groups.size()
                    + " group(s)");
        }
        return new Split(train, validation, held);
    }
}
