package io.vseg.runtime.video;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading back what a killed run's trace holds, and where {@link RunOutputs#planResume} restarts it. */
class TraceTest {
    @TempDir
    Path dir;

    private static String line(int frame, String plan, boolean key) {
        return "{\"frame\":" + frame + ",\"name\":\"" + String.format("%05d", frame) + "\",\"method\":\"dff.interval+"
                + "dff.flow-warp\",\"plan\":\"" + plan + "\",\"key\":" + key + ",\"ms\":{\"extract\":4.120,\"labels\":1.5}}";
    }

    private Path trace(String text) throws Exception {
        return Files.writeString(dir.resolve("trace.jsonl"), text);
    }

    @Test
    void completeLinesAreReadUpToATornOne() throws Exception {
        String text = line(0, "key", true) + "\n" + line(1, "propagate", false) + "\n" + line(2, "propagate", false);
        List<Trace.Line> lines = Trace.readComplete(trace(text + "\n" + line(3, "propagate", false).substring(0, 40)));
        assertThat(lines).extracting(Trace.Line::frame).containsExactly(0, 1, 2);
        assertThat(lines.get(0).fullKey()).isTrue();
        assertThat(lines.get(1).fullKey()).isFalse();
        assertThat(lines.get(2).name()).isEqualTo("00002");
        // A last line without its newline may be torn even when it looks whole.
        assertThat(Trace.readComplete(trace(text))).hasSize(2);
    }

    @Test
    void readingStopsAtALineOfAnotherFrameOrShape() throws Exception {
        assertThat(Trace.readComplete(trace(line(0, "key", true) + "\n" + line(2, "key", true) + "\n"))).hasSize(1);
        assertThat(Trace.readComplete(trace(line(0, "key", true) + "\n{\"frame\":1}\n"))).hasSize(1);
        // A malformed escape is not a line vseg wrote: reading stops there, it does not fail.
        assertThat(Trace.readComplete(trace(line(0, "key", true) + "\n" + line(1, "key", true).replace("00001", "\\u12")
                + "\n"))).hasSize(1);
        assertThat(Trace.readComplete(dir.resolve("none.jsonl"))).isEmpty();
    }

    @Test
    void partialAndPipelinedKeysAreNotFullKeys() {
        assertThat(new Trace.Line(4, "00004", "key:stage1", true, "").fullKey()).isFalse();
        assertThat(new Trace.Line(4, "00004", "key:stem+stage1|later:stage2+stage3", true, "").fullKey()).isFalse();
        assertThat(new Trace.Line(4, "00004", "regions:4/4", true, "").fullKey()).isFalse();
        assertThat(new Trace.Line(4, "00004", "key", true, "").fullKey()).isTrue();
    }

    @Test
    void namesWithEscapesReadBack() throws Exception {
        String name = "a \"quoted\" \\ name\t";
        String text = "{\"frame\":0,\"name\":\"" + Json.escape(name) + "\",\"method\":\"m\",\"plan\":\"key\","
                + "\"key\":true,\"ms\":{}}\n";
        assertThat(Trace.readComplete(trace(text))).singleElement().extracting(Trace.Line::name).isEqualTo(name);
        assertThat(Json.unescape(Json.escape("\u0001é\n\\/"))).isEqualTo("\u0001é\n\\/");
    }

    @Test
    void aResumedRunRestartsAtTheLastFullKeyAmongTheCompleteFramesWhoseLabelsAreThere() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            sb.append(line(i, i % 5 == 0 ? "key" : "propagate", i % 5 == 0)).append('\n');
        }
        trace(sb.toString());
        Files.createDirectories(dir.resolve("labels"));
        for (int i = 0; i < 8; i++) {
            Files.writeString(dir.resolve(String.format("labels/%05d.png", i)), "png");
        }
        Config output = ConfigFactory.parseString("labels = true, overlay = true, trace = true");

        // Frames 0-7 have their PNGs (8-11 were traced, their PNGs lost): the last full key among 0-7 is 5.
        RunOutputs.Resume resume = RunOutputs.planResume(dir, output, true, "");
        assertThat(resume.complete()).isEqualTo(8);
        assertThat(resume.restart()).isEqualTo(5);

        RunOutputs.Resume stateful = RunOutputs.planResume(dir, output, false, "the fuser netwarp carries state");
        assertThat(stateful.restart()).isZero();
        assertThat(stateful.why()).contains("the fuser netwarp carries state");

        // Without label PNGs the overlay of the frames kept cannot be encoded again: from the start.
        Config noLabels = ConfigFactory.parseString("labels = false, overlay = true, trace = true");
        assertThat(RunOutputs.planResume(dir, noLabels, true, "").restart()).isZero();
        assertThat(RunOutputs.planResume(dir, ConfigFactory.parseString("labels = false, overlay = false, trace = true"),
                true, "").restart()).isEqualTo(10);
    }
}
