/**
 * The reusable half of every vseg trainer: tensor conversion ({@link io.vseg.learn.NdTensors}), convolution blocks
 * ({@link io.vseg.learn.ConvBlocks}, {@link io.vseg.learn.ConvGruCell}), the training loop
 * ({@link io.vseg.learn.TrainingLoop}), samples, splits, the MLP and its fit, model cards.
 */
package io.vseg.learn;
