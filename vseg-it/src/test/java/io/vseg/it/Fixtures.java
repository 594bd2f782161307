package io.vseg.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.vseg.api.Image;
import io.vseg.api.tensor.Tensor;
import io.vseg.runtime.config.PipelineConfigLoader;
import io.vseg.runtime.config.PipelineSpec;
import io.vseg.runtime.plugin.PluginRegistry;
import io.vseg.testkit.TestInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Real data, models and the project's configs for end-to-end tests; tests skip where data or models are absent. */
final class Fixtures {
    static final PluginRegistry REGISTRY = PluginRegistry.discover(null);

    private Fixtures() {
    }

    static Path davis() {
        Path p = Path.of(System.getProperty("vseg.data", "../../shared/data")).resolve("davis2016-dev")
                .toAbsolutePath().normalize();
        TestInputs.require(Files.isDirectory(p.resolve("JPEGImages")), "DAVIS data not present at " + p);
        return p;
    }

    /**
     * ESPNet's Cityscapes network, evaluation data beside the project ({@code ../shared/models}), or the test is
     * skipped.
     */
    static Path espnet() {
        Path p = Path.of(System.getProperty("vseg.data", "../../shared/data")).resolveSibling("models")
                .resolve("espnet-cityscapes/espnet-cityscapes.onnx").toAbsolutePath().normalize();
        TestInputs.require(Files.isRegularFile(p), "ESPNet model not present at " + p);
        return p;
    }

    static Path models() {
        Path p = Path.of(System.getProperty("vseg.models", "../models")).toAbsolutePath().normalize();
        TestInputs.require(Files.isRegularFile(p.resolve("selfie_segmentation_landscape.tflite")),
                "models not fetched at " + p + " (scripts/setup.sh)");
        return p;
    }

    /** The models vseg trained itself (committed under zoo/). */
    static Path zoo() {
        return Path.of("../zoo").toAbsolutePath().normalize();
    }

    /** The project's config {@code name} with vseg's own models (no fetched ones needed). */
    static PipelineSpec zooPipeline(String name) {
        return zooPipeline(name, "");
    }

    /** As {@link #zooPipeline(String)}, with {@code slots} replacing whole pipeline slots (see {@link #pipeline}). */
    static PipelineSpec zooPipeline(String name, String slots) {
        PipelineConfigLoader loader = new PipelineConfigLoader(REGISTRY);
        return loader.load(withSlots(loader.parse(config(name))
                .withValue("vseg.zoo", ConfigValueFactory.fromAnyRef(zoo().toString())), slots), name);
    }

    static Path config(String name) {
        return Path.of("../configs").resolve(name).toAbsolutePath().normalize();
    }

    /**
     * The project's config {@code name} with the fetched models, and {@code slots} (HOCON such as
     * {@code scheduler { type = every-frame }}) replacing whole pipeline slots.
     */
    static PipelineSpec pipeline(String name, String slots) {
        PipelineConfigLoader loader = new PipelineConfigLoader(REGISTRY);
        Config user = loader.parse(config(name))
                .withValue("vseg.models", ConfigValueFactory.fromAnyRef(models().toString()));
        return loader.load(withSlots(user, slots), name);
    }

    private static Config withSlots(Config user, String slots) {
        Config replace = ConfigFactory.parseString(slots);
        for (String slot : replace.root().keySet()) {
            user = user.withValue("vseg.pipeline." + slot, replace.getValue(slot));
        }
        return user;
    }

    /** A frame of random pixels, the same for the same seed. */
    static Image noise(int width, int height, long seed) {
        byte[] rgb = new byte[width * height * 3];
        new Random(seed).nextBytes(rgb);
        return Image.wrap(width, height, rgb);
    }

    /** The largest absolute difference between two tensors of one shape. */
    static double maxAbsDiff(Tensor a, Tensor b) {
        assertThat(new int[] {a.channels(), a.height(), a.width()})
                .containsExactly(b.channels(), b.height(), b.width());
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            max = Math.max(max, Math.abs(a.buffer().get(i) - b.buffer().get(i)));
        }
        return max;
    }
}
