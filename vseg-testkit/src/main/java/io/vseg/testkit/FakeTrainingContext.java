package io.vseg.testkit;

import static java.util.Objects.requireNonNull;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Frame;
import io.vseg.api.Image;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.TrainingClip;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.FlowField;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A {@link TrainingContext} for unit tests of trainers: clips the test made, a per-frame model that is a
 * {@link FeatureExtractor} or a {@link StageFunction}, flow from a function, and the run's seed, threads and output
 * folder as the test sets them. Progress lines are collected in {@link #progress()} rather than printed, so a test
 * can assert what the trainer reported.
 *
 * <p>{@link #windows} is the API's own. Used from one thread, as the runtime uses a trainer's context.
 */
public final class FakeTrainingContext implements TrainingContext {
    private final List<TrainingClip> clips;
    private final StageFunction network;
    private final ClassSet classes;
    private final Capabilities capabilities;
    private final BiFunction<Image, Image, FlowField> flow;
    private final long seed;
    private final int threads;
    private final Path output;
    private final String teacher;
    private final String command;
    private final List<String> progress = new ArrayList<>();
    private int networkRuns;
    private int flowCalls;

    private FakeTrainingContext(Builder b) {
        this.clips = List.copyOf(b.clips);
        FeatureExtractor extractor = b.extractor != null ? b.extractor
                : b.network == null ? FakeExtractor.logitsOnly() : null;
        this.network = extractor != null ? StageFunction.of(extractor) : b.network;
        this.classes = b.classes != null ? b.classes : extractor != null ? extractor.classes()
                : ClassSet.of("background", "person");
        this.capabilities = b.capabilities != null ? b.capabilities : extractor != null ? extractor.capabilities()
                : Capabilities.unknown(List.of(Features.LOGITS));
        this.flow = b.flow;
        this.seed = b.seed;
        this.threads = b.threads;
        this.output = b.output != null ? b.output : temporaryFolder();
        this.teacher = b.teacher;
        this.command = b.command;
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("vseg-testkit-training-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary output folder", e);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Sets up a {@link FakeTrainingContext}. */
    public static final class Builder {
        private final List<TrainingClip> clips = new ArrayList<>();
        private FeatureExtractor extractor;
        private StageFunction network;
        private ClassSet classes;
        private Capabilities capabilities;
        private BiFunction<Image, Image, FlowField> flow = (target, source) -> FlowField.zero(target.width(),
                target.height());
        private long seed = 42;
        private int threads = 1;
        private Path output;
        private String teacher = "fake";
        private String command = "test";

        private Builder() {
        }

        /** Adds a clip. */
        public Builder clip(TrainingClip clip) {
            clips.add(requireNonNull(clip, "clip is null"));
            return this;
        }

        /** Adds a clip of {@code frames} without labels. */
        public Builder clip(String name, List<Frame> frames) {
            return clip(FakeTrainingClip.of(name, frames));
        }

        /** Adds clips, in order. */
        public Builder clips(List<? extends TrainingClip> clips) {
            clips.forEach(this::clip);
            return this;
        }

        /** The per-frame model: what {@code predict}, {@code stages} and {@code compute} run (a {@link FakeExtractor#logitsOnly()} by default). */
        public Builder extractor(FeatureExtractor extractor) {
            this.extractor = requireNonNull(extractor, "extractor is null");
            this.network = null;
            return this;
        }

        /** The per-frame model as a function; its classes are {@code background, person} unless set. */
        public Builder network(StageFunction network) {
            this.network = requireNonNull(network, "network is null");
            this.extractor = null;
            return this;
        }

        public Builder classes(ClassSet classes) {
            this.classes = requireNonNull(classes, "classes is null");
            return this;
        }

        public Builder capabilities(Capabilities capabilities) {
            this.capabilities = requireNonNull(capabilities, "capabilities is null");
            return this;
        }

        /** The pipeline's flow between two images, backward (zero flow on the target's grid unless set). */
        public Builder flow(BiFunction<Image, Image, FlowField> flow) {
            this.flow = requireNonNull(flow, "flow is null");
            return this;
        }

        /** The run's seed (42 unless set). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Where the model goes; a fresh temporary folder unless set (a test should pass its {@code @TempDir}). */
        public Builder output(Path output) {
            this.output = requireNonNull(output, "output is null");
            return this;
        }

        /** The per-frame model's configuration, for the model card ({@code fake} unless set). */
        public Builder teacher(String teacher) {
            this.teacher = requireNonNull(teacher, "teacher is null");
            return this;
        }

        /** The command line to record beside the model ({@code test} unless set). */
        public Builder command(String command) {
            this.command = requireNonNull(command, "command is null");
            return this;
        }

        public FakeTrainingContext build() {
            return new FakeTrainingContext(this);
        }
    }

    @Override
    public List<TrainingClip> clips() {
        return clips;
    }

    @Override
    public ClassSet classes() {
        return classes;
    }

    @Override
    public Features predict(Image image) {
        return run(image, Set.of(Features.LOGITS), Features.empty());
    }

    @Override
    public Features compute(Image image, Set<String> stages, Features inputs) {
        return run(image, stages, inputs);
    }

    private Features run(Image image, Set<String> stages, Features inputs) {
        requireNonNull(image, "image is null");
        requireNonNull(inputs, "inputs is null");
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("no stages requested");
        }
        networkRuns++;
        Features fresh = network.compute(image, stages, inputs);
        if (!fresh.names().containsAll(stages)) {
            throw new IllegalStateException("the network returned " + fresh.names() + " when asked for " + stages);
        }
        return fresh;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public FlowField flow(Image target, Image source) {
        flowCalls++;
        return requireNonNull(flow.apply(requireNonNull(target, "target is null"), requireNonNull(source,
                "source is null")), "the flow function returned null");
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public Path output() {
        return output;
    }

    @Override
    public String teacher() {
        return teacher;
    }

    @Override
    public String command() {
        return command;
    }

    @Override
    public void progress(String line) {
        progress.add(requireNonNull(line, "line is null"));
    }

    /** The progress lines reported so far, in order. */
    public List<String> progress() {
        return List.copyOf(progress);
    }

    /** Runs of the per-frame model so far ({@code predict}, {@code stages} and {@code compute}). */
    public int networkRuns() {
        return networkRuns;
    }

    /** Calls of {@link #flow} so far. */
    public int flowCalls() {
        return flowCalls;
    }
}
