/**
 * What every trainer of a small learned part needs (DESIGN §1, §3): a seeded table of samples split into training
 * and validation by clip, a small multilayer perceptron with its training loop on DJL (PyTorch engine, offline),
 * and model folders with a card that records how the model was made. Plugins that train or run such a part
 * depend on this module and on {@code io.vseg.api}, never on the runtime.
 */
module io.vseg.learn {
    requires transitive ai.djl.api;
    requires typesafe.config;

    exports io.vseg.learn;
}
