package io.vseg.runtime.train;

import static java.util.Objects.requireNonNull;

import io.vseg.api.ClassSet;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.Capabilities;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.TrainingClip;
import io.vseg.api.spi.TrainingContext;
import io.vseg.api.tensor.FlowField;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The runtime's {@link TrainingContext}: decoded clips plus the configured pipeline's extractor and flow. */
public final class RuntimeTrainingContext implements TrainingContext, AutoCloseable {
    private final List<TrainingClip> clips;
    private final FeatureExtractor extractor;
    private final FlowEstimator flow;
    private final long seed;
    private final int threads;
    private final Path output;
    private final String teacher;
    private final String command;
    private final Consumer<String> progress;

    /** Takes ownership of {@code extractor} and {@code flow}, closed with this context. */
    public RuntimeTrainingContext(List<TrainingClip> clips, FeatureExtractor extractor, FlowEstimator flow, long seed,
                                  int threads, Path output, String teacher, String command, Consumer<String> progress) {
        this.clips = List.copyOf(clips);
        this.extractor = requireNonNull(extractor, "extractor is null");
        this.flow = requireNonNull(flow, "flow is null");
        this.seed = seed;
        this.threads = threads;
        this.output = requireNonNull(output, "output is null");
        this.teacher = requireNonNull(teacher, "teacher is null");
        this.command = requireNonNull(command, "command is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    @Override
    public List<TrainingClip> clips() {
        return clips;
    }

    @Override
    public ClassSet classes() {
        return extractor.classes();
    }

    @Override
    public Features predict(Image image) {
        return extractor.extract(image, Set.of(Features.LOGITS), Features.empty());
    }

    @Override
    public Features compute(Image image, Set<String> stages, Features inputs) {
        return extractor.extract(image, stages, inputs);
    }

    @Override
    public Capabilities capabilities() {
        return extractor.capabilities();
    }

    @Override
    public FlowField flow(Image target, Image source) {
        return flow.estimate(target, source);
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
        progress.accept(line);
    }

    @Override
    public void close() {
        extractor.close();
        flow.close();
    }
}
