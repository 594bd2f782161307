package io.vseg.student;

import io.vseg.api.spi.Plugin;
import io.vseg.testkit.PluginContract;
import java.util.Optional;

/** The student plugin keeps the plugin contract: names, descriptions, reference.conf defaults. */
class StudentPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new StudentPlugin();
    }

    /** {@code djl} and {@code distill} keep the names they had when the runtime provided them. */
    @Override
    protected boolean prefixedNames() {
        return false;
    }

    @Override
    protected Optional<String> defaultsNeedFiles(String name) {
        // The extractor runs a model folder that `vseg train distill` wrote; the trainer starts the student from
        // the fetched selfie model's layers (init).
        return Optional.of(name.equals("djl") ? "a model folder written by vseg train distill"
                : "the fetched selfie model, whose layers start the student");
    }
}
