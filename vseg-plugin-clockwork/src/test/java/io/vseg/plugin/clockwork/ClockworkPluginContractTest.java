package io.vseg.plugin.clockwork;

import io.vseg.api.spi.Plugin;
import io.vseg.testkit.FakeExtractor;
import io.vseg.testkit.PluginContract;

/** The Clockwork schedulers keep the plugin contract: names, descriptions, reference.conf defaults, valid plans. */
class ClockworkPluginContractTest extends PluginContract {
    @Override
    protected Plugin plugin() {
        return new ClockworkPlugin();
    }

    /** A staged network with the stages the defaults name: the signal {@code scores2} and the deep {@code stage3}. */
    @Override
    protected FakeExtractor extractor() {
        return FakeExtractor.builder().stage("stage1", 4).stage("stage2", 8).stage("scores2", 8, 2)
                .stage("stage3", 16).logits(8).build();
    }
}
