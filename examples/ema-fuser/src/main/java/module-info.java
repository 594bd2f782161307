/** An example vseg plugin: {@code provides io.vseg.api.spi.Plugin} is how the runtime finds it in a plugins folder. */
module com.example.ema {
    requires io.vseg.api;

    provides io.vseg.api.spi.Plugin with com.example.ema.EmaPlugin;
}
