package io.vseg.plugin.netwarp;

import io.vseg.api.spi.Plugin;
import io.vseg.testkit.PluginContract;

/** NetWarp's factories keep the plugin contract: names, descriptions, reference.conf defaults. */
class NetWarpPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new NetWarpPlugin();
    }
}
