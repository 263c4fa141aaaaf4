/**
 * Train/test resolution techniques: {@link org.sota4j.resolution.FixRes} (Touvron et al. 2019,
 * arXiv 1906.06423) scales torchvision's train-crop / eval-resize / eval-crop sizes to a dataset
 * and supports the FixRes fine-tuning step (unfreeze batch norm and the classifier, re-estimate
 * batch-norm statistics at the test resolution); {@link
 * org.sota4j.resolution.InferenceResizeTuning} sweeps eval sizes for a trained model, choosing on
 * one half of the validation set and reporting on the other, as torchvision's recipe blog does.
 */
package org.sota4j.resolution;
