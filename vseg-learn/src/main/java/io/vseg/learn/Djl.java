package io.vseg.learn;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * DJL settings every user of DJL in vseg (engines, trainers) needs before DJL starts: never download (libtorch comes from the
 * pytorch-native-cpu jar), a bounded intra-op thread pool, and quiet logs. A value set on the command line wins.
 */
public final class Djl {
    private Djl() {
    }

    /** Call before the first DJL engine use; later calls cannot change PyTorch's thread pool. */
    public static synchronized void configure(int threads) {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("ai.djl.pytorch.num_threads", String.valueOf(Math.max(1, threads)));
        setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        // DJL probes for CUDA on start and warns when the machine has none, which is the normal case here.
        setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
    }

    /**
     * A model of a folder written by a vseg trainer: a PyTorch model named {@code name}, its block set and
     * initialized by {@code prepare}, then its parameters ({@code name-0000.params}) loaded from {@code folder}. A
     * failure closes the model and is an {@link IllegalArgumentException} starting with {@code model:} and naming the
     * folder.
     */
    public static Model load(Path folder, String name, Consumer<Model> prepare) {
        Model model = Model.newInstance(name, "PyTorch");
        try {
            prepare.accept(model);
            model.load(folder, name);
            return model;
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            throw new IllegalArgumentException("model: " + folder + ": parameters do not load: "
                    + String.valueOf(e.getMessage()).replace('\n', ' '), e);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
