package io.vseg.runtime.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.spi.FlowEstimator;
import io.vseg.api.spi.Trainer;
import io.vseg.api.spi.TrainingClip;
import io.vseg.runtime.component.Closing;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.plugin.ComponentKind;
import io.vseg.runtime.plugin.PluginRegistry;
import io.vseg.runtime.plugin.RegisteredComponent;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.train.RuntimeTrainingContext;
import io.vseg.runtime.train.TrainingData;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code vseg train NAME}: runs a plugin's {@link Trainer} on the user's video. */
final class TrainCommand implements Command {
    private final PluginRegistry registry;
    private final PipelineConfigLoader loader;
    private final PipelineFactory factory;

    @Inject
    TrainCommand(PluginRegistry registry, PipelineConfigLoader loader, PipelineFactory factory) {
        this.registry = registry;
        this.loader = loader;
        this.factory = factory;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a component's learned part on your video (distill, dvsnet.confidence, ...)";
    }

    @Override
    public String help() {
        return """
                Usage: vseg train NAME --config FILE --data PATH[,PATH...] --out DIR [options]

                Decodes the data into memory and runs trainer NAME with the per-frame model and the optical flow
                of the pipeline in FILE (for `distill`, the teacher). The trainer's hyperparameters are its
                defaults at vseg.trainers."NAME" (see `vseg plugins`), overridden in FILE or with --set.

                Trainers: %s

                Options:
                  --config FILE        pipeline configuration whose extractor and flow the trainer uses (required);
                                       --teacher FILE is the same option
                  --data PATHS         comma-separated videos, frame folders and DAVIS roots (required)
                  --exclude A,B        DAVIS sequences to leave out (held-out test sequences)
                  --out DIR            where the model goes (required)
                  --seed N             seed of every random choice (default 42)
                  --set K=V,K=V        hyperparameters, keys relative to vseg.trainers."NAME"
                """.formatted(String.join(", ", registry.names(ComponentKind.TRAINER)));
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) throws Exception {
        Args args = Args.parse(argv, Set.of("config", "teacher", "data", "exclude", "out", "seed", "set"), Set.of(), 1);
        if (args.help()) {
            out.print(help());
            return 0;
        }
        if (args.positional().size() != 1) {
            throw new UsageException("give one trainer name; trainers: " + registry.names(ComponentKind.TRAINER));
        }
        String name = args.positional().get(0);
        RegisteredComponent trainerComponent = registry.components(ComponentKind.TRAINER).get(name);
        if (trainerComponent == null) {
            throw new UsageException("unknown trainer '" + name + "'; trainers: " + registry.names(ComponentKind.TRAINER));
        }
        String config = args.get("config", args.get("teacher", null));
        if (config == null) {
            throw new UsageException("--config (or --teacher) is required");
        }
        Path configFile = Path.of(config);
        List<Path> data = Arrays.stream(args.require("data").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
        for (Path p : data) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException("--data: no such video, frame folder or DAVIS root: " + p);
            }
        }
        if (data.isEmpty()) {
            throw new UsageException("--data names no video or folder");
        }
        Set<String> exclude = Arrays.stream(args.get("exclude", "").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        Path output = Path.of(args.require("out"));
        long seed = Main.parseInt(args.get("seed", "42"), "--seed");

        PipelineSpec spec = loader.load(loader.parse(configFile), configFile.toString());
        Config trainerConfig = trainerConfig(spec, name, args.get("set", ""), configFile);
        String trainerPath = "vseg.trainers." + ConfigUtil.quoteString(name);
        Trainer trainer;
        try {
            trainer = (Trainer) trainerComponent.factory().create(trainerConfig,
                    PipelineFactory.context(trainerPath, spec.threads()));
        } catch (IllegalArgumentException e) {
            throw new ConfigProblem(configFile + ": " + trainerPath + "." + e.getMessage(), e);
        } catch (ConfigException e) {
            // A value of the wrong type (--set kernel=three) shows only when the trainer reads it.
            throw new ConfigProblem(configFile + ": " + trainerPath + ": " + e.getMessage().replace('\n', ' '), e);
        }

        String command = "vseg train " + String.join(" ", argv);
        err.println("vseg train: " + name + " with " + configFile + " on " + data);
        FeatureExtractor extractor = factory.component(spec, ComponentKind.EXTRACTOR, FeatureExtractor.class);
        FlowEstimator flow = null;
        List<TrainingClip> clips;
        try {
            flow = factory.component(spec, ComponentKind.FLOW, FlowEstimator.class);
            clips = TrainingData.decode(data, exclude, extractor.classes(), line -> err.println("vseg train: " + line));
            Files.createDirectories(output);
        } catch (RuntimeException | java.io.IOException | Error e) {
            // Until the training context owns them, the extractor's sessions and the flow are closed here.
            Closing.afterFailure(Arrays.asList(flow, extractor), e);
            throw e;
        }
        try (RuntimeTrainingContext context = new RuntimeTrainingContext(clips, extractor, flow, seed, spec.threads(),
                output, configFile.toString(), command, line -> err.println("vseg train: " + line))) {
            Path model;
            try {
                model = trainer.train(context);
            } catch (IllegalStateException e) {
                throw new java.io.IOException(name + ": " + e.getMessage(), e); // a fit that went wrong, said in one line
            }
            out.println("wrote " + model);
        }
        return 0;
    }

    /** The trainer's defaults, under the configuration file's section, under {@code --set}; unknown keys rejected. */
    private static Config trainerConfig(PipelineSpec spec, String name, String set, Path configFile) {
        String path = "vseg.trainers." + ConfigUtil.quoteString(name);
        Config base = spec.config().hasPath(path) ? spec.config().getConfig(path) : ConfigFactory.empty();
        Config overrides;
        try {
            overrides = ConfigFactory.parseString(set.replace(',', '\n'));
        } catch (ConfigException e) {
            throw new UsageException("--set: " + e.getMessage());
        }
        for (Map.Entry<String, ConfigValue> e : overrides.entrySet()) {
            if (!base.hasPath(e.getKey())) {
                throw new ConfigProblem("--set " + e.getKey() + ": unknown key for trainer '" + name + "'; it accepts: "
                        + base.root().keySet().stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        Config merged = overrides.withFallback(base);
        try {
            merged.checkValid(base);
        } catch (ConfigException e) {
            throw new ConfigProblem(configFile + ": " + path + ": " + e.getMessage().replace('\n', ' '), e);
        }
        return merged;
    }
}
