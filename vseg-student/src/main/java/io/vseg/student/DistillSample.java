package io.vseg.student;

import io.vseg.api.Image;
import io.vseg.api.Segmentation;
import io.vseg.api.tensor.Tensor;

/**
 * One training frame: the image, the teacher's class probabilities on its own grid, and the ground truth
 * where the dataset has it (else null).
 */
record DistillSample(Image image, Tensor teacher, Segmentation truth) {
}
