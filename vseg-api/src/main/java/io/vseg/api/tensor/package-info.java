/**
 * Float tensors ({@link io.vseg.api.tensor.Tensor}), backward optical flow fields
 * ({@link io.vseg.api.tensor.FlowField}) and the operations methods share ({@link io.vseg.api.tensor.Tensors}).
 */
package io.vseg.api.tensor;
