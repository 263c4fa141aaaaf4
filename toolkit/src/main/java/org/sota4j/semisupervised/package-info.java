/**
 * Semi-supervised learning from a few labels: {@link org.sota4j.semisupervised.LabelPropagation} pseudo-labels the
 * unlabelled examples of a data set by diffusing the known labels over a kNN graph of the network's embeddings
 * (Iscen et al. 2019), returning per-example confidence weights for the pseudo-label loss.
 */
package org.sota4j.semisupervised;
