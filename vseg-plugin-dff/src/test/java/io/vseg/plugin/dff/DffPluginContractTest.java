package io.vseg.plugin.dff;

import io.vseg.api.spi.Plugin;
import io.vseg.testkit.PluginContract;

/** DFF's factories keep the plugin contract: names, descriptions, reference.conf defaults, valid plans. */
class DffPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new DffPlugin();
    }
}
