package io.vseg.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line against generated bad input ({@link FuzzCases}): broken pipeline files, videos, frame folders,
 * DAVIS-style datasets, ablation studies and command lines, run in this process through {@link Main#run}. For
 * every case: nothing is thrown, the status is 0, 1 or 2; a failure's error is one line that starts with
 * {@code vseg}, names what was wrong (the file, key, option or frame), and is neither a crash ("unexpected") nor a
 * stack trace; and what the command wrote before it failed, or found in its output folder, is still there.
 *
 * <p>Seeded: {@code -Dvseg.fuzz.seed=N} picks another seed, {@code -Dvseg.fuzz.cases=N} another count, and
 * {@code -Dvseg.fuzz.case=I} runs case I alone (a failure prints its seed and index, its command and inputs);
 * {@code -Dvseg.fuzz.verbose=true} prints every case's status and error.
 */
class FuzzTest {
    static final long SEED = 253;
    static final int CASES = 1200;

    /** Lines a command may print on stderr besides its error: its own notes, warnings and progress. */
    private static final Pattern NOTE = Pattern.compile("^(vseg( [a-z]+)?: .*"
            + "|\\S.* \\d+(/\\d+)? frames(, .*)?" // progress
            + "|\\[\\d+/\\d+] .*" // ablate: a variant starts
            + "|  .+: (speedup .*|FAILED: .*))$"); // ablate: a variant's result
    private static final Pattern STACK = Pattern.compile("^\\s+at |^Caused by: |^\\s+\\.\\.\\. \\d+ more|Exception in thread");
    /** An exception's class name where a message should be: a {@code toString()} that leaked. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|com|org|ai)\\.[\\w.$]+(Exception|Error)\\b");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void badInputIsOneLineNamingItAndNeverACrash() throws Exception {
        long seed = Long.getLong("vseg.fuzz.seed", SEED);
        int count = Integer.getInteger("vseg.fuzz.cases", CASES);
        String only = System.getProperty("vseg.fuzz.case");
        boolean verbose = Boolean.getBoolean("vseg.fuzz.verbose"); // each case's status and last line on stderr
        FuzzCases cases = new FuzzCases(dir, seed);
        Map<String, Integer> perCategory = new TreeMap<>();
        Map<Integer, Integer> perStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        long slowest = 0;
        String slowestCase = "";
        int first = only == null ? 0 : Integer.parseInt(only);
        int last = only == null ? count : first + 1;
        for (int i = first; i < last; i++) {
            FuzzCases.Case c = cases.make(i);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Throwable thrown = null;
            int status = -1;
            long t0 = System.nanoTime();
            try {
                status = Main.run(c.argv(), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
            } catch (Throwable t) {
                thrown = t;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms > slowest) {
                slowest = ms;
                slowestCase = c.category() + "/" + c.kind() + " #" + i;
            }
            perCategory.merge(c.category(), 1, Integer::sum);
            perStatus.merge(status, 1, Integer::sum);
            List<String> problems = problems(c, status, err.toString(StandardCharsets.UTF_8), thrown, ms);
            if (verbose) {
                System.out.printf(Locale.ROOT, "%d %s/%s: exit %d in %d ms: %s%n", i, c.category(), c.kind(), status, ms,
                        err.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElse(""));
            }
            if (!problems.isEmpty()) {
                failures.add(report(c, seed, status, out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8), thrown, problems));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int run = last - first;
        System.out.printf(Locale.ROOT, "vseg fuzz: seed %d, %d cases in %.1f s (slowest %d ms, %s); %s; exit %s; %d failed%n",
                seed, run, seconds, slowest, slowestCase, perCategory.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                perStatus.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                        .collect(Collectors.joining(", ")), failures.size());
        assertThat(failures).as("%d of %d cases failed (seed %d); the first ones:%n%s", failures.size(), run, seed,
                String.join("\n", failures.subList(0, Math.min(25, failures.size())))).isEmpty();
    }

    /** What is wrong with the outcome of case {@code c}; empty when nothing is. */
    static List<String> problems(FuzzCases.Case c, int status, String err, Throwable thrown, long ms) {
        List<String> p = new ArrayList<>();
        if (thrown != null) {
            p.add("Main.run threw " + thrown);
            return p;
        }
        if (status < 0 || status > 2) {
            p.add("exit status " + status + " (0, 1 or 2 expected)");
        }
        if (c.mustFail() && status == 0) {
            p.add("the broken input was accepted (exit 0)");
        }
        List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
        for (String line : lines) {
            if (STACK.matcher(line).find()) {
                p.add("a stack trace on stderr: " + line);
                break;
            }
            if (!NOTE.matcher(line).matches()) {
                p.add("a line that is neither an error, a note nor progress (a message of several lines?): " + line);
                break;
            }
            if (line.contains(": FAILED: ") && problemsOfMessage(line.substring(line.indexOf(": FAILED: ") + 10), p)) {
                break;
            }
        }
        if (status != 0) {
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            if (!last.startsWith("vseg") || last.startsWith("vseg: warning:")) {
                p.add("the last line on stderr is not an error: '" + last + "'");
            } else {
                problemsOfMessage(last.replaceFirst("^vseg( [a-z]+)?: ", ""), p);
                if (!c.mentions().isEmpty() && c.mentions().stream().noneMatch(last::contains)) {
                    p.add("the error names none of " + c.mentions());
                }
                c.requires().stream().filter(m -> !last.contains(m)).forEach(m -> p.add("the error does not name " + m));
            }
        }
        for (Path k : c.kept()) {
            if (!Files.exists(k)) {
                p.add("written before, gone after: " + k);
            }
        }
        return p;
    }

    /** Adds what is wrong with one error message; whether anything was. */
    private static boolean problemsOfMessage(String message, List<String> p) {
        int before = p.size();
        if (message.contains("unexpected")) {
            p.add("a crash: " + message);
        }
        if (CLASS_NAME.matcher(message).find()) {
            p.add("an exception's class name in the message: " + message);
        }
        if (message.isBlank() || message.equals("null") || message.endsWith(": null")) {
            p.add("no message: '" + message + "'");
        } else if (!message.contains(" ")) {
            p.add("the message is a bare name, not what is wrong with it: '" + message + "'");
        }
        return p.size() > before;
    }

    private static String report(FuzzCases.Case c, long seed, int status, String out, String err, Throwable thrown,
                                 List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "case %d (rerun: -Dvseg.fuzz.seed=%d -Dvseg.fuzz.case=%d; case seed %d) "
                + "%s/%s%s%n", c.index(), seed, c.index(), c.seed(), c.category(), c.kind(),
                c.mustFail() ? ", must fail" : ""));
        sb.append("  vseg ").append(c.argv().stream().map(a -> a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a)
                .collect(Collectors.joining(" "))).append('\n');
        for (String in : c.inputs()) {
            sb.append("  input: ").append(in.length() > 2000 ? in.substring(0, 2000) + "..." : in).append('\n');
        }
        sb.append("  exit ").append(status).append('\n');
        err.lines().forEach(l -> sb.append("  stderr: ").append(l).append('\n'));
        if (status == 0 && !out.isBlank()) {
            sb.append("  stdout (last line): ").append(out.strip().lines().reduce((a, b) -> b).orElse("")).append('\n');
        }
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().limit(15).forEach(l -> sb.append("  thrown: ").append(l).append('\n'));
        }
        problems.forEach(pr -> sb.append("  PROBLEM: ").append(pr).append('\n'));
        return sb.toString();
    }
}
