package com.example.ema;

import io.vseg.api.spi.Plugin;
import io.vseg.testkit.PluginContract;

/** The checks vseg runs at discovery and more: names, descriptions, reference.conf defaults that create. */
class EmaPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new EmaPlugin();
    }
}
