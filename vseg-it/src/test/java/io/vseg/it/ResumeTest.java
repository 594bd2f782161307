package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vseg.testkit.TestInputs;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL at a random frame, then {@code vseg run --resume}: the labels are byte for byte those
 * of a run that never stopped. Through {@code bin/vseg}, as a user runs it. The frame is drawn anew each time
 * (say it with {@code -Dvseg.resume.seed=N} to repeat one); the assertion messages give it.
 */
class ResumeTest {
    private static final Path ROOT = Processes.ROOT;
    private static final long SEED = Long.getLong("vseg.resume.seed", System.nanoTime());

    @TempDir
    Path dir;

    @Test
    void dffKilledAtARandomFrameAndResumedGivesTheUninterruptedLabels() throws Exception {
        Path video = ROOT.resolve("samples/Megamind.avi");
        TestInputs.require(Files.isRegularFile(video), "sample video not fetched: " + video + " (scripts/setup.sh)");
        Fixtures.models();
        List<String> args = List.of("run", "--config", Fixtures.config("dff.conf").toString(), "--input",
                video.toString(), "--max-frames", "90");
        String restart = killAndResume(args, 90, new Random(SEED).nextInt(3, 80));
        // DFF (interval 5) restarts at its last full key frame: a multiple of 5.
        assertThat(Integer.parseInt(restart) % 5).isZero();
    }

    @Test
    void aRecurrentFuserRestartsAtTheFirstFrameAndStillGivesTheUninterruptedLabels() throws Exception {
        List<String> args = List.of("run", "--config", Fixtures.config("netwarp.conf").toString(), "--input",
                Fixtures.davis().toString(), "--sequence", "cows", "--max-frames", "30");
        String restart = killAndResume(args, 30, new Random(SEED).nextInt(3, 25));
        assertThat(restart).isEqualTo("0");
    }

    /** Runs {@code args} whole, and again killed after {@code cut} traced frames, then resumed; returns the restart. */
    private String killAndResume(List<String> args, int frames, int firstCut) throws Exception {
        int cut = firstCut;
        String about = "killed after " + cut + " frames (-Dvseg.resume.seed=" + SEED + ")";
        Path whole = dir.resolve("whole");
        Path resumed = dir.resolve("resumed");
        Processes.Result plain = vseg(args, whole);
        assertThat(plain.rc()).as(plain.output()).isZero();

        // Killed after `cut` traced frames; should the run be done first (a fast machine), again with fewer.
        for (int tries = 0; ; tries++) {
            Process p = start(args, resumed, Files.createTempFile(dir, "killed", ".log"));
            Path trace = resumed.resolve("trace.jsonl");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (lines(trace) < cut && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            boolean killed = p.isAlive();
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            p.waitFor();
            if (killed && Files.readString(resumed.resolve("run.json")).contains("\"finished\": false")) {
                break;
            }
            assertThat(tries).as(about + ": the run finished before it could be killed, three times").isLessThan(2);
            cut = Math.max(1, cut / 2);
            about = "killed after " + cut + " frames (-Dvseg.resume.seed=" + SEED + ")";
        }
        Processes.Result again = vseg(append(args, "--resume"), resumed);
        assertThat(again.rc()).as(about + "\n" + again.output()).isZero();
        List<String> pngs = list(whole.resolve("labels"));
        assertThat(pngs).hasSize(frames);
        assertThat(list(resumed.resolve("labels"))).as(about).isEqualTo(pngs);
        for (String png : pngs) {
            assertThat(Files.readAllBytes(resumed.resolve("labels").resolve(png))).as(about + ": " + png)
                    .isEqualTo(Files.readAllBytes(whole.resolve("labels").resolve(png)));
        }
        assertThat(plans(resumed)).as(about).isEqualTo(plans(whole));
        assertThat(Files.size(resumed.resolve("overlay.mp4"))).as(about).isGreaterThan(1000);
        assertThat(Files.readString(resumed.resolve("run.json"))).contains("\"finished\": true");
        Matcher m = Pattern.compile("restarting at frame (\\d+)").matcher(again.output());
        assertThat(m.find()).as(about + "\n" + again.output()).isTrue();
        return m.group(1);
    }

    private static List<String> append(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private static long lines(Path trace) throws Exception {
        if (!Files.isRegularFile(trace)) {
            return 0;
        }
        try (Stream<String> s = Files.lines(trace)) {
            return s.count();
        } catch (UncheckedIOException e) {
            return 0; // a line being written
        }
    }

    private static List<String> plans(Path output) throws Exception {
        return Files.readAllLines(output.resolve("trace.jsonl")).stream()
                .map(l -> l.substring(0, l.indexOf(",\"ms\""))).toList();
    }

    private static List<String> list(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Process start(List<String> args, Path output, Path log) throws Exception {
        return Processes.start(Processes.vseg(append(args, "--output", output.toString())), ROOT, Map.of(), log);
    }

    private Processes.Result vseg(List<String> args, Path output) throws Exception {
        return Processes.run(Processes.vseg(append(args, "--output", output.toString())), ROOT, Map.of(), dir);
    }
}
