/**
 * The vseg runtime: discovers plugins, reads pipeline configurations, runs the frame loop on real video
 * with real engines (OpenCV DNN, ONNX Runtime) and optical flow, and writes labels, overlays and traces.
 * Its own components are registered through the same {@link io.vseg.api.spi.Plugin} mechanism as any plugin.
 */
module io.vseg.runtime {
    // The runtime's public types speak the API's and the config library's types, and carry @Inject.
    requires transitive io.vseg.api;
    requires transitive typesafe.config;
    requires transitive jakarta.inject;
    requires com.google.guice;
    requires java.desktop;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.javacv;
    requires org.bytedeco.opencv;
    requires org.bytedeco.ffmpeg;
    requires com.microsoft.onnxruntime;

    exports io.vseg.runtime.pipeline;
    exports io.vseg.runtime.plugin;
    exports io.vseg.runtime.config;
    exports io.vseg.runtime.video;
    exports io.vseg.runtime.eval;
    exports io.vseg.runtime.bench;
    exports io.vseg.runtime.dataset;
    exports io.vseg.runtime.ablation;

    // Guice constructs the runtime's services reflectively.
    opens io.vseg.runtime.cli to com.google.guice;
    opens io.vseg.runtime.plugin to com.google.guice;
    opens io.vseg.runtime.pipeline to com.google.guice;
    opens io.vseg.runtime.video to com.google.guice;
    opens io.vseg.runtime.bench to com.google.guice;
    opens io.vseg.runtime.ablation to com.google.guice;

    uses io.vseg.api.spi.Plugin;

    provides io.vseg.api.spi.Plugin with io.vseg.runtime.component.RuntimePlugin;
}
