package io.vseg.api.spi;

import java.nio.file.Path;

/**
 * What a factory may use while it creates a component, besides its own configuration.
 */
public interface ComponentContext {

    /**
     * Resolves a path from the configuration: absolute as given, relative against the working directory (as every
     * path on the command line; configurations name shipped files through {@code ${vseg.models}} and
     * {@code ${vseg.zoo}}).
     */
    Path resolve(String path);

    /** Threads the component may use for its own compute (intra-op), as the run is configured. */
    int threads();

    /** The configuration key path of this component, such as {@code vseg.pipeline.extractor}, for messages. */
    String configPath();
}
