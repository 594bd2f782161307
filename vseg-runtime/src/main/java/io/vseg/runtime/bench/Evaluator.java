package io.vseg.runtime.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.flow.DisFlowEstimator;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs {@link Benchmark} for a pipeline configuration: builds the pipeline and its baseline (the same
 * configuration with the every-frame scheduler and no fuser), and the fixed flow estimator for temporal
 * consistency (DIS, preset fast, on frames shrunk by 2), shared by every method so that TC compares methods,
 * not estimators.
 */
public final class Evaluator {
    /** The baseline's scheduler. */
    public static final String BASELINE = "every-frame";

    private final PipelineConfigLoader loader;
    private final PipelineFactory factory;

    @Inject
    public Evaluator(PipelineConfigLoader loader, PipelineFactory factory) {
        this.loader = loader;
        this.factory = factory;
    }

    /** What was run, and its figures. */
    public record Outcome(PipelineSpec spec, Map<String, String> components, List<MethodReport> methods) {
    }

    /**
     * @param user   the pipeline configuration as parsed (unresolved)
     * @param source names it in messages
     * @param tc     whether to measure temporal consistency
     */
    public Outcome evaluate(Config user, String source, Dataset dataset, int warmup, int maxFrames, boolean tc,
                            IntConsumer progress) {
        return evaluate(user, source, null, null, dataset, warmup, maxFrames, null, tc, progress);
    }

    /**
     * As above, against the every-frame inference of another configuration (such as the teacher of a distilled
     * student) when {@code baselineUser} is not null, scoring the frames {@code scored} of each sequence against
     * the dataset's labels (null: {@link ScoredFrames#defaultFor} the dataset and the pipeline).
     */
    public Outcome evaluate(Config user, String source, Config baselineUser, String baselineSource, Dataset dataset,
                            int warmup, int maxFrames, ScoredFrames scored, boolean tc, IntConsumer progress) {
        PipelineSpec spec = loader.load(user, source);
        boolean other = baselineUser != null;
        Config baselineConfig = (other ? baselineUser : user)
                .withValue("vseg.pipeline.scheduler", ConfigValueFactory.fromMap(Map.of("type", BASELINE)))
                .withValue("vseg.pipeline.fuser", ConfigValueFactory.fromMap(Map.of("type", "none")))
                // Every-frame inference labels the network's classes (with no fuser, nothing makes object scores).
                .withValue("vseg.output.classes", ConfigValueFactory.fromAnyRef("extractor"));
        PipelineSpec baselineSpec = loader.load(baselineConfig, (other ? baselineSource : source) + " (baseline)");
        try (Pipeline baseline = factory.create(baselineSpec);
             Pipeline pipeline = factory.create(spec);
             DisFlowEstimator flow = tc ? new DisFlowEstimator("fast", 2) : null) {
            String name = pipeline.name();
            String baselineName = other ? BASELINE + " (" + baselineSource + ")" : BASELINE;
            List<MethodReport> methods = new Benchmark(baseline, baselineName, pipeline, name, warmup, flow)
                    .run(dataset, maxFrames, scored, progress);
            return new Outcome(spec, pipeline.description(), methods);
        }
    }
}
