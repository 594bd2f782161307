package io.vseg.plugin.dvsnet;

import io.vseg.api.spi.Plugin;
import io.vseg.testkit.PluginContract;

/**
 * DVSNet's scheduler and trainer keep the plugin contract: names, descriptions, reference.conf defaults, valid
 * plans. The defaults need no model file: with {@code model = ""} the scheduler uses the analytic estimate.
 */
class DvsnetPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new DvsnetPlugin();
    }
}
