package io.vseg.student;

import io.vseg.learn.Djl;
import io.vseg.learn.NdTensors;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.vseg.api.Features;
import io.vseg.api.Image;
import io.vseg.api.spi.FeatureExtractor;
import io.vseg.api.tensor.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The student network run stage by stage through the djl extractor, against its full forward pass. */
class StudentNetTest {
    @TempDir
    static Path dir;
    private static Path folder;
    private static Path mobile;
    private static Tensor beforeSaving;

    @BeforeAll
    static void saveAnUntrainedModel() throws Exception {
        Djl.configure(2);
        folder = dir.resolve("model");
        try (StudentModel m = StudentModel.create(StudentFixtures.tiny(), StudentFixtures.CLASSES, 64, 48)) {
            m.initialize();
            beforeSaving = forward(m);
            m.save(folder, Map.of("note", "untrained"));
        }
        mobile = dir.resolve("mobile");
        try (StudentModel m = StudentModel.create(StudentArchitecture.mobile(2), StudentFixtures.CLASSES, 64, 48)) {
            m.initialize();
            m.save(mobile, Map.of("note", "untrained"));
        }
    }

    private static FeatureExtractor extractor() {
        return extractor(folder);
    }

    private static FeatureExtractor extractor(Path model) {
        return new DjlExtractor.Factory().create(ConfigFactory.parseString("model = \"" + model + "\", input-width = 0, threads = 1"),
                StudentFixtures.componentContext(dir));
    }

    @Test
    void theMobileLayoutsStagesAloneFromTheStemOnReproduceTheFullPass() {
        Image image = StudentFixtures.frame(3);
        try (FeatureExtractor x = extractor(mobile)) {
            assertThat(x.stages()).containsExactly("stem", "stage1", "stage2", "scores2", "stage3", "logits");
            Features full = x.extract(image, Set.of("stem", "scores2", Features.LOGITS), Features.empty());
            Features stem = x.extract(image, Set.of("stem"), Features.empty());
            Features s1 = x.extract(image, Set.of("stage1"), stem);
            Features s2 = x.extract(image, Set.of("stage2"), s1);
            Features s3 = x.extract(image, Set.of("stage3"), s2);
            Features sc = x.extract(image, Set.of("scores2"), s2);
            Features head = x.extract(image, Set.of(Features.LOGITS), stem.withAll(s1).withAll(s2).withAll(s3));

            assertThat(maxAbsDiff(head.tensor(Features.LOGITS), full.tensor(Features.LOGITS))).isLessThan(1e-6);
            assertThat(maxAbsDiff(sc.tensor("scores2"), full.tensor("scores2"))).isLessThan(1e-6);
            // against the 128x96 frame (network input 64x48): the stem at 4, the logits at the input's resolution
            assertThat(full.stage("stem").stride()).isEqualTo(4.0);
            assertThat(full.stage(Features.LOGITS).stride()).isEqualTo(2.0);
            assertThat(full.tensor(Features.LOGITS).height()).isEqualTo(48);

            // the head reads the stem: another frame's changes the logits, though stage1..3 are this frame's
            Features otherStem = x.extract(StudentFixtures.frame(8), Set.of("stem"), Features.empty());
            Features mixed = x.extract(image, Set.of(Features.LOGITS), otherStem.withAll(s1).withAll(s2).withAll(s3));
            assertThat(maxAbsDiff(mixed.tensor(Features.LOGITS), full.tensor(Features.LOGITS))).isGreaterThan(1e-4);
        }
    }

    @Test
    void eachStageAloneOnCachedInputsReproducesTheFullForwardPass() {
        Image image = StudentFixtures.frame(3);
        try (FeatureExtractor x = extractor()) {
            assertThat(x.stages()).containsExactly("stage1", "stage2", "scores2", "stage3", "logits");
            Features full = x.extract(image, Set.of("stage1", "stage3", "scores2", Features.LOGITS), Features.empty());
            Features s1 = x.extract(image, Set.of("stage1"), Features.empty());
            Features s2 = x.extract(image, Set.of("stage2"), s1);
            Features s3 = x.extract(image, Set.of("stage3"), s2);
            Features sc = x.extract(image, Set.of("scores2"), s2);
            Features cached = s1.withAll(s2).withAll(s3);
            Features head = x.extract(image, Set.of(Features.LOGITS), cached);

            assertThat(head.has("stage3")).as("cached stages are reused, not recomputed").isFalse();
            assertThat(s2.has("stage1")).isFalse();
            assertThat(maxAbsDiff(head.tensor(Features.LOGITS), full.tensor(Features.LOGITS))).isLessThan(1e-6);
            assertThat(maxAbsDiff(sc.tensor("scores2"), full.tensor("scores2"))).isLessThan(1e-6);
            // strides against the 128x96 frame: the network input is 64x48
            assertThat(full.stage("stage1").stride()).isEqualTo(8.0);
            assertThat(full.stage("stage3").stride()).isEqualTo(32.0);
            assertThat(full.tensor(Features.LOGITS).height()).isEqualTo(12);
        }
    }

    @Test
    void foldingTheBatchNormsKeepsTheFunction() throws Exception {
        try (StudentModel m = StudentModel.load(folder);
             ai.djl.ndarray.NDManager scope = m.manager().newSubManager()) {
            ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(scope, false);
            // trained statistics differ from the initial ones: give the norms something to fold
            m.net().getParameters().values().stream().filter(p -> p.getName().startsWith("running"))
                    .forEach(p -> p.getArray().set(scope.randomUniform(0.5f, 2f, p.getArray().getShape()).toByteBuffer()));
            StudentNet folded = StudentNet.foldBatchNorm(m.net(), m.manager(), new ai.djl.ndarray.types.Shape(1, 3, 48, 64));
            ai.djl.ndarray.NDArray x = scope.randomNormal(new ai.djl.ndarray.types.Shape(1, 3, 48, 64));
            Tensor a = NdTensors.toTensor(m.net().forward(ps, new ai.djl.ndarray.NDList(x), false).head());
            Tensor b = NdTensors.toTensor(folded.forward(ps, new ai.djl.ndarray.NDList(x), false).head());
            assertThat(maxAbsDiff(a, b)).isLessThan(1e-4).isGreaterThanOrEqualTo(0);
            assertThat(folded.getParameters().keys().stream().noneMatch(k -> k.contains("running"))).isTrue();
        }
    }

    @Test
    void aCachedDeepStageFromAnotherFrameChangesTheLogits() {
        try (FeatureExtractor x = extractor()) {
            Features earlier = x.extract(StudentFixtures.frame(0), Set.of("stage3", Features.LOGITS), Features.empty());
            Image now = StudentFixtures.frame(8);
            Features fresh = x.extract(now, Set.of(Features.LOGITS), Features.empty());
            Features stale = x.extract(now, Set.of(Features.LOGITS),
                    Features.empty().with("stage3", earlier.tensor("stage3"), earlier.stage("stage3").stride()));
            assertThat(maxAbsDiff(stale.tensor(Features.LOGITS), fresh.tensor(Features.LOGITS))).isGreaterThan(1e-4);
            assertThat(stale.has("stage1")).as("only requested stages are returned").isFalse();
        }
    }

    @Test
    void aSavedModelReloadsAndPredictsIdentically() throws Exception {
        try (StudentModel m = StudentModel.load(folder)) {
            assertThat(forward(m).buffer()).isEqualTo(beforeSaving.buffer());
        }
    }

    /** The network's logits for a fixed random input. */
    private static Tensor forward(StudentModel m) {
        try (NDManager scope = m.manager().newSubManager()) {
            NDArray x = scope.randomNormal(0, 1, new Shape(1, 3, 48, 64), ai.djl.ndarray.types.DataType.FLOAT32);
            x.set(java.nio.FloatBuffer.wrap(input()));
            return NdTensors.toTensor(m.net().forward(new ParameterStore(scope, false), new NDList(x), false).head());
        }
    }

    private static float[] input() {
        java.util.Random r = new java.util.Random(3);
        float[] v = new float[3 * 48 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void aFolderWithoutACardIsReportedByName() {
        Path empty = dir.resolve("empty");
        empty.toFile().mkdirs();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DjlExtractor.Factory().create(
                        ConfigFactory.parseString("model = \"" + empty + "\", input-width = 0, threads = 1"),
                        StudentFixtures.componentContext(dir)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("model: ").hasMessageContaining("student.json");
    }

    static double maxAbsDiff(Tensor a, Tensor b) {
        assertThat(a.channels()).isEqualTo(b.channels());
        assertThat(a.height()).isEqualTo(b.height());
        assertThat(a.width()).isEqualTo(b.width());
        double max = 0;
        for (int c = 0; c < a.channels(); c++) {
            for (int y = 0; y < a.height(); y++) {
                for (int x = 0; x < a.width(); x++) {
                    max = Math.max(max, Math.abs(a.get(c, y, x) - b.get(c, y, x)));
                }
            }
        }
        return max;
    }
}
