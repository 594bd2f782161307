package io.vseg.student;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vseg.learn.Djl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved mobile student gets its stages as ONNX files, named in its card; the plain layout has no ONNX form. (That
 * the files compute what DJL computes, run by the runtime's onnx extractor, is tested in vseg-it.)
 */
class OnnxExportTest {

    @Test
    void theFilesAreNamedInTheCardAndThePlainLayoutIsRefused(@TempDir Path dir) throws Exception {
        Djl.configure(1);
        Path folder = dir.resolve("model");
        try (StudentModel m = StudentModel.create(StudentArchitecture.mobile(2), StudentFixtures.CLASSES, 64, 48)) {
            m.initialize();
            m.save(folder, Map.of("note", "untrained"));
        }
        assertThat(Files.readString(folder.resolve(StudentModel.CARD))).contains("onnx/<stage>.onnx");
        for (StudentArchitecture.Stage s : StudentArchitecture.mobile(2).stages()) {
            assertThat(folder.resolve(StudentModel.ONNX).resolve(s.name() + ".onnx")).isRegularFile();
        }
        try (StudentModel plain = StudentModel.create(StudentFixtures.tiny(), StudentFixtures.CLASSES, 64, 48)) {
            plain.initialize();
            assertThatThrownBy(() -> plain.net().exportOnnx(dir.resolve("plain"))).hasMessageStartingWith("layout:");
        }
    }
}
