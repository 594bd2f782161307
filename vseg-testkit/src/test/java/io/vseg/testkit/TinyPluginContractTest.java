package io.vseg.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.vseg.api.spi.Plugin;

/** The contract passes on a plugin that keeps it (and so does not reject what it should accept). */
class TinyPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new TinyPlugin();
    }

    @Override
    protected Config reference() {
        return ConfigFactory.parseString(TinyPlugin.REFERENCE);
    }
}
