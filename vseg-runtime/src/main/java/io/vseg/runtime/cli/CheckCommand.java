package io.vseg.runtime.cli;

import com.typesafe.config.Config;
import io.vseg.runtime.ablation.Study;
import io.vseg.runtime.ablation.Variant;
import io.vseg.runtime.config.ConfigProblem;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.dataset.Dataset;
import io.vseg.runtime.pipeline.FrameException;
import io.vseg.runtime.pipeline.Pipeline;
import io.vseg.runtime.pipeline.PipelineFactory;
import io.vseg.runtime.pipeline.SequenceException;
import io.vseg.runtime.plugin.ComponentKind;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code vseg check}: makes the pipelines of configuration and study files as {@code run}, {@code eval} and
 * {@code ablate} would, without running a frame, and says per file whether they load.
 */
final class CheckCommand implements Command {
    private final PipelineConfigLoader loader;
    private final PipelineFactory factory;

    @Inject
    CheckCommand(PipelineConfigLoader loader, PipelineFactory factory) {
        this.loader = loader;
        this.factory = factory;
    }

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "check configuration and study files: every pipeline made, its models loaded, nothing run";
    }

    @Override
    public String help() {
        return """
                Usage: vseg check FILE...

                Checks each file without running a frame. A pipeline configuration is resolved against the
                defaults and its components are made as vseg run makes them: every key checked against the
                component's defaults, its model files opened; then they are closed. A study (a file with a
                study block) is read as vseg ablate reads it: its dataset is opened, and every variant's
                pipeline is made the same way.
                One line per file on standard output, "ok FILE: what it holds". A file that fails gets the
                one-line error run or ablate would give on standard error instead (a study one per failing
                variant), and the next file is checked; with --stacktrace its stack trace follows. The exit
                status is 1 if any file failed.
                Model paths resolve against the working directory, as on every command (run it from where you
                run the pipelines: the project root for configs/); a study's pipeline and dataset against the
                study's folder.
                """;
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err) {
        return run(argv, out, err, false);
    }

    @Override
    public int run(List<String> argv, PrintStream out, PrintStream err, boolean stackTrace) {
        Args args = Args.parse(argv, Set.of(), Set.of(), Integer.MAX_VALUE);
        if (args.help()) {
            out.print(help());
            return 0;
        }
        if (args.positional().isEmpty()) {
            throw new UsageException("name one or more configuration or study files");
        }
        int failed = 0;
        for (String name : args.positional()) {
            List<Problem> problems = new ArrayList<>();
            String what = null;
            try {
                what = check(Path.of(name), problems);
            } catch (RuntimeException | LinkageError e) {
                problems.add(new Problem(message(e), e));
            }
            if (problems.isEmpty()) {
                out.println("ok " + name + ": " + what);
            } else {
                for (Problem p : problems) {
                    // A message names where the key was set, which may be a file the checked one includes.
                    err.println("vseg check: " + (p.line().startsWith(name + ":") ? p.line() : name + ": " + p.line()));
                    if (stackTrace) {
                        p.cause().printStackTrace(err);
                    }
                }
                failed++;
            }
        }
        if (failed > 0) {
            err.println("vseg check: " + failed + " of " + args.positional().size() + " file(s) failed");
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * What {@code file} holds, once every pipeline in it has been made and closed; a study's failing variants are
     * added to {@code problems}, one line each, and the others are still made.
     */
    private String check(Path file, List<Problem> problems) {
        Config parsed = loader.parse(file);
        if (!parsed.hasPath("study")) {
            return "pipeline " + make(loader.load(parsed, file.toString()));
        }
        Study study = Study.read(file);
        Dataset dataset = study.openDataset();
        Config base = loader.parse(study.pipeline());
        for (Variant v : study.variants()) {
            try {
                make(loader.load(v.apply(base), file + " [" + v.name() + "]"));
            } catch (RuntimeException | LinkageError e) {
                // A variant's keys may come from the study's pipeline file, which the message then names.
                problems.add(new Problem(file + ": variant " + v.name() + ": " + message(e), e));
            }
        }
        return "study " + study.name() + ", " + study.variants().size() + " variant(s) on "
                + dataset.sequences().size() + " sequence(s) of " + study.dataset();
    }

    /** A failure: its line, and what caused it (for {@code --stacktrace}). */
    private record Problem(String line, Throwable cause) {
    }

    /**
     * A failure on one line: a user's error as {@code vseg} says it on any command; anything else (a native
     * library's exception on a model it cannot read) with its type, as {@code vseg} says an unexpected one.
     */
    private static String message(Throwable e) {
        String text = e instanceof ConfigProblem || e instanceof UncheckedIOException
                || e instanceof IllegalArgumentException || e instanceof SequenceException
                || e instanceof FrameException ? Main.message((Exception) e)
                : "unexpected " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Makes the pipeline of {@code spec} and closes it; returns its components, "extractor onnx, flow ...". */
    private String make(PipelineSpec spec) {
        try (Pipeline pipeline = factory.create(spec)) {
            return ComponentKind.slots().stream().map(k -> k.slot() + " " + pipeline.description().get(k.slot()))
                    .collect(Collectors.joining(", "));
        }
    }
}
