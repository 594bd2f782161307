package io.vseg.plugin.grfp;

import io.vseg.api.spi.Plugin;
import io.vseg.testkit.PluginContract;

/** GRFP's factories keep the plugin contract: names, descriptions, reference.conf defaults. */
class GrfpPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new GrfpPlugin();
    }
}
