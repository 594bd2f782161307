package io.vseg.runtime.video;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.io.AtomicFiles;
import io.vseg.runtime.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a run's output folder says about the run that wrote it ({@code run.json}): its configuration (a SHA-256 of
 * the resolved {@code vseg} block), the model files it names and the code that runs it (SHA-256s of their contents),
 * input, sequence, masks and frame limit, and whether it finished. Written when a run starts and again when it ends,
 * each time whole. {@code vseg run --resume} continues only a run of the same configuration, models, code and input.
 *
 * @param config    SHA-256 (hex) of the resolved configuration
 * @param models    SHA-256 (hex) of the model files it names ({@code Hashes.ofModels}); "" in a record written
 *                  before vseg kept it, which is then not compared
 * @param code      SHA-256 (hex) of the modules that run it ({@code Hashes.ofCode}); "" in a record written before
 *                  vseg kept it, which is then not compared
 * @param input     the input's absolute path
 * @param sequence  the sequence, when the input is a DAVIS root ("" otherwise)
 * @param masks     the masks file's absolute path ("" when none)
 * @param maxFrames the frame limit (0 = all)
 * @param finished  whether the run wrote its last frame
 */
public record RunRecord(String config, String models, String code, String input, String sequence, String masks,
                        int maxFrames, boolean finished) {
    public static final String FILE = "run.json";

    /** The same run, finished. */
    public RunRecord finish() {
        return new RunRecord(config, models, code, input, sequence, masks, maxFrames, true);
    }

    /** Writes {@code run.json} into {@code dir}, whole or not at all. */
    public void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), "{\"config\": \"" + config + "\", \"models\": \"" + models
                + "\", \"code\": \"" + code
                + "\", \"input\": \"" + Json.escape(input) + "\", \"sequence\": \"" + Json.escape(sequence)
                + "\", \"masks\": \"" + Json.escape(masks) + "\", \"max_frames\": " + maxFrames
                + ", \"finished\": " + finished + "}\n");
    }

    /** The record in {@code dir}, or empty when there is none. @throws IOException naming the file it cannot read */
    public static Optional<RunRecord> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Config c = ConfigFactory.parseFile(file.toFile());
            return Optional.of(new RunRecord(c.getString("config"), optional(c, "models"), optional(c, "code"),
                    c.getString("input"), c.getString("sequence"), c.getString("masks"), c.getInt("max_frames"),
                    c.getBoolean("finished")));
        } catch (ConfigException e) {
            throw new IOException(file + ": not a run record (" + ConfigProblem.oneLine(e) + ")", e);
        }
    }

    /** A field a record written by an older vseg lacks: "" then. */
    private static String optional(Config c, String key) {
        return c.hasPath(key) ? c.getString(key) : "";
    }

    /**
     * Why a run of {@code this} cannot continue the run recorded as {@code earlier}, naming what differs; empty when
     * it can.
     */
    public Optional<String> mismatch(RunRecord earlier) {
        for (List<String> field : List.of(
                List.of("the configuration", config, earlier.config),
                List.of("--input", input, earlier.input),
                List.of("--sequence", sequence, earlier.sequence),
                List.of("--masks", masks, earlier.masks),
                List.of("--max-frames", Integer.toString(maxFrames), Integer.toString(earlier.maxFrames)))) {
            if (!field.get(1).equals(field.get(2))) {
                String was = field.get(0).equals("the configuration") ? "" : " (was '" + field.get(2) + "', now '"
                        + field.get(1) + "')";
                return Optional.of(field.get(0) + " differs from the interrupted run's" + was);
            }
        }
        if (!earlier.models.isEmpty() && !models.equals(earlier.models)) {
            return Optional.of("the model files the configuration names differ from the interrupted run's "
                    + "(retrained since?)");
        }
        if (!earlier.code.isEmpty() && !code.equals(earlier.code)) {
            return Optional.of("the code that runs the configuration differs from the interrupted run's (vseg or a "
                    + "plugin upgraded since?)");
        }
        return Optional.empty();
    }
}
