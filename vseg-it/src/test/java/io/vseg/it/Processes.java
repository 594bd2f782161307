package io.vseg.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Commands run as a user runs them, {@code bin/vseg} above all: a process in the repository (or another folder),
 * with the JDK running the tests and the fetched models, its output in a log file.
 */
final class Processes {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Processes() {
    }

    /** A finished process: its exit status and its output (stdout and stderr together). */
    record Result(int rc, String output) {
    }

    /** {@code bin/vseg} followed by {@code args}. */
    static List<String> vseg(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/vseg").toString()));
        command.addAll(args);
        return command;
    }

    /** Starts {@code command} in {@code workDir}, with {@code env} added (null values removed), output to {@code log}. */
    static Process start(List<String> command, Path workDir, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("VSEG_MODELS", Fixtures.models().toString());
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    /** Runs {@code command} to its end (at most 10 minutes), its log a new file in {@code logs}. */
    static Result run(List<String> command, Path workDir, Map<String, String> env, Path logs) throws Exception {
        Path log = Files.createTempFile(logs, "exec", ".log");
        Process p = start(command, workDir, env, log);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish in 10 minutes");
        }
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
