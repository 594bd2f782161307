package io.vseg.student;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The person student that vseg trained and ships in zoo/student-person: its card against its parameter file (the
 * model through configs/student.conf and the runtime is tested in vseg-it).
 */
class ZooStudentCardTest {
    private static final Path MODEL = Path.of("../zoo/student-person").toAbsolutePath().normalize();

    @Test
    void theCardDescribesTheParameterFile() throws Exception {
        Config card = ConfigFactory.parseFile(MODEL.resolve(StudentModel.CARD).toFile());
        Path params = MODEL.resolve(card.getString("parameters"));
        assertThat(params).isRegularFile();
        long bytes;
        try (Stream<Path> files = Files.walk(MODEL)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).as("zoo models stay small").isLessThanOrEqualTo(5L * 1024 * 1024);
        try (StudentModel model = StudentModel.load(MODEL)) {
            StudentArchitecture arch = model.net().architecture();
            List<? extends Config> stages = card.getConfigList("stages");
            assertThat(stages).hasSize(arch.stages().size());
            for (int i = 0; i < stages.size(); i++) {
                StudentArchitecture.Stage s = arch.stages().get(i);
                assertThat(stages.get(i).getString("name")).isEqualTo(s.name());
                assertThat(stages.get(i).getInt("stride")).isEqualTo(s.stride());
                assertThat(stages.get(i).getInt("channels")).isEqualTo(s.channels());
                assertThat(stages.get(i).getStringList("inputs")).isEqualTo(s.inputs());
                assertThat(MODEL.resolve(StudentModel.ONNX).resolve(s.name() + ".onnx")).isRegularFile();
            }
            assertThat(model.classes().names()).isEqualTo(card.getStringList("classes"));
            long parameters = model.model().getBlock().getParameters().values().stream()
                    .mapToLong(p -> p.getArray().size()).sum();
            assertThat(params.toFile().length()).as("the file holds this architecture's parameters")
                    .isGreaterThan(parameters * 4).isLessThan(parameters * 4 + 64 * 1024);
        }
    }
}
