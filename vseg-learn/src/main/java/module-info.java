/**
 * The learning kit every trainer of a learned part reuses (DESIGN §1, §3), on DJL (PyTorch engine, offline): moving
 * vseg's tensors and images into NDArrays and back, convolution blocks, a convolutional GRU cell, the training loop
 * (seeded, keeping the best epoch's network, stopping on a NaN loss), a seeded table of samples split into training
 * and validation by clip with a small multilayer perceptron and its fit, and model folders with a card that records
 * how the model was made. Plugins that train or run such a part depend on this module and on {@code io.vseg.api},
 * never on the runtime.
 */
module io.vseg.learn {
    // NdTensors speaks the API's Tensor; every public type speaks DJL's.
    requires transitive io.vseg.api;
    requires transitive ai.djl.api;
    requires typesafe.config;

    exports io.vseg.learn;
}
