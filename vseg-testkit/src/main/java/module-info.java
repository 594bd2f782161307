/**
 * A plugin author's kit for unit tests (DESIGN §1, "vseg-testkit"): deterministic fakes of the contexts the
 * runtime hands to components ({@link io.vseg.testkit.FakeFrameContext},
 * {@link io.vseg.testkit.FakeComponentContext}) and trainers ({@link io.vseg.testkit.FakeTrainingContext}), a
 * fake staged network ({@link io.vseg.testkit.FakeExtractor}), synthetic frames
 * ({@link io.vseg.testkit.TestFrames}), and the contract test every plugin runs on its factories
 * ({@link io.vseg.testkit.PluginContract}).
 *
 * <p>A plugin depends on this module in test scope only. It depends on the API and never on the runtime, so
 * that a plugin's unit tests exercise the API's contracts rather than one implementation of them.
 */
module io.vseg.testkit {
    requires transitive io.vseg.api;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;

    exports io.vseg.testkit;
}
