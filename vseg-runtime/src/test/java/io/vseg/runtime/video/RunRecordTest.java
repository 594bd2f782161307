package io.vseg.runtime.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json: what it keeps, and which differences stop {@code vseg run --resume}. */
class RunRecordTest {
    @TempDir
    Path dir;

    private static RunRecord record(String models, String code) {
        return new RunRecord("c0nf", models, code, "/videos/a.mp4", "", "", 0, false);
    }

    @Test
    void aRecordReadsBackAsWrittenAndResumesOnlyOverTheSameCode() throws Exception {
        RunRecord written = record("m0de1s", "c0de");
        written.write(dir);
        RunRecord read = RunRecord.read(dir).orElseThrow();
        assertThat(read).isEqualTo(written);
        assertThat(record("m0de1s", "c0de").mismatch(read)).isEmpty();

        assertThat(record("m0de1s", "upgraded").mismatch(read)).contains("the code that runs the configuration "
                + "differs from the interrupted run's (vseg or a plugin upgraded since?)");
        assertThat(record("retrained", "c0de").mismatch(read)).get().asString().startsWith("the model files");
    }

    @Test
    void aRecordWrittenBeforeTheCodeWasKeptIsNotComparedOnIt() throws Exception {
        Files.writeString(dir.resolve(RunRecord.FILE), "{\"config\": \"c0nf\", \"models\": \"m0de1s\", \"input\": "
                + "\"/videos/a.mp4\", \"sequence\": \"\", \"masks\": \"\", \"max_frames\": 0, \"finished\": false}\n");
        RunRecord old = RunRecord.read(dir).orElseThrow();
        assertThat(old.code()).isEmpty();
        assertThat(record("m0de1s", "any").mismatch(old)).isEmpty();
    }
}
