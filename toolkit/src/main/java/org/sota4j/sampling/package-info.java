/**
 * Samplers that decide which dataset indices an epoch visits, in which order:
 * {@link org.sota4j.sampling.RepeatedAugmentationSampler} (repeated augmentation, Hoffer et al.
 * 2020, arXiv 1901.09335; Berman et al. 2019, arXiv 1902.05509), a port of torchvision's
 * {@code RASampler}. Each sampler offers a plain {@code int[] epochIndices(int epoch)} for a
 * hand-written loop and plugs into DJL as a {@link ai.djl.training.dataset.Sampler.SubSampler}
 * (batch it with DJL's {@link ai.djl.training.dataset.BatchSampler}).
 */
package org.sota4j.sampling;
