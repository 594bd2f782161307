/**
 * Samples, splits, the MLP and its training loop, model cards: the reusable half of every vseg trainer.
 */
package io.vseg.learn;
