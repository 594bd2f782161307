/**
 * The vseg API: the data model (images, frames, tensors, flow fields, features, segmentations, plans),
 * the tensor operations every method shares, and the service-provider interfaces a plugin implements.
 *
 * <p>A plugin module {@code requires io.vseg.api} and declares
 * {@code provides io.vseg.api.spi.Plugin with ...}; it never depends on the runtime.
 */
module io.vseg.api {
    requires transitive typesafe.config;

    exports io.vseg.api;
    exports io.vseg.api.tensor;
    exports io.vseg.api.spi;
    exports io.vseg.api.io;

    uses io.vseg.api.spi.Plugin;
}
