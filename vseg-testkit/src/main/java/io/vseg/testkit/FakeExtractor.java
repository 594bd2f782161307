package io.vseg.testkit;

import static java.util.Objects.requireNonNull;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import io.vseg.api.tensor.Tensors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A staged "network" for unit tests: cheap, deterministic, and counting what it is asked for, so that a test can
 * predict its outputs from the image and assert how often each stage ran.
 *
 * <p>Its outputs are a fixed function of the image's colours. Each stage is a grid of
 * {@code ceil(inputWidth / stride) x ceil(inputHeight / stride)} cells (the input is the frame, or the fixed
 * {@linkplain Builder#inputSize input size} if one is set, in which case the frame is seen stretched to it). The
 * first stage holds, per cell, colour features of the frame's pixels under the cell (their mean): channel
 * {@code c} is feature {@code c % 4} of
 * <ol start="0">
 *   <li>{@code 1 - red} (the "background" score),</li>
 *   <li>{@code red} (the "person" score: with the default two classes, bright red reads as person),</li>
 *   <li>{@code green},</li>
 *   <li>{@code blue},</li>
 * </ol>
 * each in {@code [0, 1]}. Every later stage is the stage before it resized (bilinearly) to its own grid, channel
 * {@code c} being channel {@code c % channels} of that stage. So {@code logits} say "person" where the frame is
 * red when the stages before it have at least two channels; and a later stage computed from given inputs (a
 * warped intermediate stage, as {@link FeatureExtractor#extract} takes them from its cached outputs) follows
 * those inputs, which is what propagators and fusers rely on.
 *
 * <p>{@link #extract} returns exactly the requested stages, in stage order. Intermediate stages it computes on the
 * way are counted by {@link #computed(String)} but not returned, so a caller's memo sees only what it asked for.
 */
public final class FakeExtractor implements FeatureExtractor {
    /** The features of a frame's colours that the first stage's channels cycle through. */
    public static final int COLOUR_FEATURES = 4;

    private final List<Capabilities.StageInfo> stages;
    private final List<String> names;
    private final ClassSet classes;
    private final Optional<Capabilities.Size> inputSize;
    private final List<Set<String>> requests = new ArrayList<>();
    private final Map<String, Integer> computed = new HashMap<>();

    private FakeExtractor(List<Capabilities.StageInfo> stages, ClassSet classes, Optional<Capabilities.Size> inputSize) {
        this.stages = List.copyOf(stages);
        this.names = this.stages.stream().map(Capabilities.StageInfo::name).toList();
        this.classes = classes;
        this.inputSize = inputSize;
    }

    /** A monolithic network: {@code logits} at stride 1 over the classes {@code background} and {@code person}. */
    public static FakeExtractor logitsOnly() {
        return builder().build();
    }

    /** A builder, starting from {@link #logitsOnly()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FakeExtractor}: intermediate stages in order, then {@code logits}. */
    public static final class Builder {
        private final List<Capabilities.StageInfo> stages = new ArrayList<>();
        private double logitsStride = 1;
        private ClassSet classes = ClassSet.of("background", "person");
        private Capabilities.Size inputSize;

        private Builder() {
        }

        /** Adds an intermediate stage after the ones added so far, with {@value #COLOUR_FEATURES} channels. */
        public Builder stage(String name, double stride) {
            return stage(name, stride, COLOUR_FEATURES);
        }

        /** Adds an intermediate stage after the ones added so far. */
        public Builder stage(String name, double stride, int channels) {
            requireNonNull(name, "name is null");
            if (name.equals(Features.LOGITS)) {
                throw new IllegalArgumentException("logits is always the last stage; set its stride with logits()");
            }
            if (stages.stream().anyMatch(s -> s.name().equals(name))) {
                throw new IllegalArgumentException("stage '" + name + "' is added twice");
            }
            checkStride(name, stride);
            if (channels < 1) {
                throw new IllegalArgumentException("stage '" + name + "' needs at least one channel, got " + channels);
            }
            stages.add(new Capabilities.StageInfo(name, stride, channels));
            return this;
        }

        /** The stride of {@code logits} (1 unless set). */
        public Builder logits(double stride) {
            checkStride(Features.LOGITS, stride);
            this.logitsStride = stride;
            return this;
        }

        /** The classes {@code logits} scores, one channel each. */
        public Builder classes(ClassSet classes) {
            this.classes = requireNonNull(classes, "classes is null");
            return this;
        }

        /** The classes {@code logits} scores, by name (void label 255). */
        public Builder classes(String... names) {
            return classes(ClassSet.of(names));
        }

        /** A fixed network input: every frame is seen stretched to {@code width x height}. */
        public Builder inputSize(int width, int height) {
            this.inputSize = new Capabilities.Size(width, height);
            return this;
        }

        public FakeExtractor build() {
            List<Capabilities.StageInfo> all = new ArrayList<>(stages);
            all.add(new Capabilities.StageInfo(Features.LOGITS, logitsStride, classes.size()));
            return new FakeExtractor(all, classes, Optional.ofNullable(inputSize));
        }

        private static void checkStride(String name, double stride) {
            if (!(stride > 0)) {
                throw new IllegalArgumentException("stage '" + name + "' needs a stride > 0, got " + stride);
            }
        }
    }

    @Override
    public List<String> stages() {
        return names;
    }

    @Override
    public ClassSet classes() {
        return classes;
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(inputSize, stages);
    }

    @Override
    public Features extract(Image image, Set<String> requested, Features cached) {
        requireNonNull(image, "image is null");
        requireNonNull(cached, "cached is null");
        if (requested.isEmpty()) {
            throw new IllegalArgumentException("no stages requested; stages: " + names);
        }
        for (String s : requested) {
            if (!names.contains(s)) {
                throw new IllegalArgumentException("no stage '" + s + "'; stages: " + names);
            }
        }
        requests.add(Collections.unmodifiableSet(new LinkedHashSet<>(requested)));
        Map<Integer, Features.Stage> done = new HashMap<>();
        Features out = Features.empty();
        for (int i = 0; i < names.size(); i++) {
            if (requested.contains(names.get(i))) {
                Features.Stage s = stage(i, image, requested, cached, done);
                out = out.with(names.get(i), s.tensor(), s.stride());
            }
        }
        return out;
    }

    /** Stage {@code i}: fresh if requested or not in {@code cached}, else taken from there. */
    private Features.Stage stage(int i, Image image, Set<String> requested, Features cached,
                                 Map<Integer, Features.Stage> done) {
        Features.Stage known = done.get(i);
        if (known != null) {
            return known;
        }
        String name = names.get(i);
        Optional<Features.Stage> given = cached.find(name);
        Features.Stage result;
        if (!requested.contains(name) && given.isPresent()) {
            result = given.get();
        } else {
            Capabilities.StageInfo info = stages.get(i);
            int gw = cells(inputSize.map(Capabilities.Size::width).orElse(image.width()), info.stride());
            int gh = cells(inputSize.map(Capabilities.Size::height).orElse(image.height()), info.stride());
            Tensor t = i == 0 ? colours(image, info.channels(), gw, gh)
                    : derived(stage(i - 1, image, requested, cached, done).tensor(), info.channels(), gw, gh);
            computed.merge(name, 1, Integer::sum);
            result = new Features.Stage(t, (double) image.width() / gw);
        }
        done.put(i, result);
        return result;
    }

    private static int cells(int size, double stride) {
        return Math.max(1, (int) Math.ceil(size / stride));
    }

    /** The first stage: per cell, the mean colour features of the frame's pixels under it. */
    private static Tensor colours(Image image, int channels, int gw, int gh) {
        int w = image.width();
        int h = image.height();
        float[] v = new float[channels * gh * gw];
        for (int cy = 0; cy < gh; cy++) {
            int y0 = Math.min(h - 1, (int) ((long) cy * h / gh));
            int y1 = Math.max(y0 + 1, (int) ((long) (cy + 1) * h / gh));
            for (int cx = 0; cx < gw; cx++) {
                int x0 = Math.min(w - 1, (int) ((long) cx * w / gw));
                int x1 = Math.max(x0 + 1, (int) ((long) (cx + 1) * w / gw));
                double[] rgb = new double[3];
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        for (int c = 0; c < 3; c++) {
                            rgb[c] += image.get(x, y, c);
                        }
                    }
                }
                double n = 255.0 * (y1 - y0) * (x1 - x0);
                double r = rgb[0] / n;
                double[] feature = {1 - r, r, rgb[1] / n, rgb[2] / n};
                for (int c = 0; c < channels; c++) {
                    v[(c * gh + cy) * gw + cx] = (float) feature[c % COLOUR_FEATURES];
                }
            }
        }
        return Tensor.wrap(channels, gh, gw, v);
    }

    /** A later stage: the one before, resized to this grid, its channels repeated to this many. */
    private static Tensor derived(Tensor before, int channels, int gw, int gh) {
        Tensor resized = Tensors.resize(before, gh, gw);
        float[] v = new float[channels * gh * gw];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(resized.channel(c % resized.channels()), 0, v, c * gh * gw, gh * gw);
        }
        return Tensor.wrap(channels, gh, gw, v);
    }

    /** Calls of {@link #extract} so far. */
    public int calls() {
        return requests.size();
    }

    /** Calls of {@link #extract} so far that requested {@code stage}. */
    public int calls(String stage) {
        return (int) requests.stream().filter(r -> r.contains(stage)).count();
    }

    /** How often {@code stage} was computed fresh, requested or on the way to a requested stage. */
    public int computed(String stage) {
        return computed.getOrDefault(stage, 0);
    }

    /** The stages each call of {@link #extract} requested, in call order. */
    public List<Set<String>> requests() {
        return List.copyOf(requests);
    }
}
