/**
 * Classification losses as DJL {@link ai.djl.training.loss.Loss}es that match their PyTorch definitions: label
 * smoothing cross-entropy ({@link org.sota4j.losses.LabelSmoothingCrossEntropy}, torch's {@code label_smoothing}),
 * soft-target cross-entropy for mixup/CutMix targets ({@link org.sota4j.losses.SoftTargetCrossEntropy}) and
 * knowledge distillation ({@link org.sota4j.losses.DistillationLoss}, with {@link org.sota4j.losses.Distillation}
 * to run a frozen teacher next to the student). Losses take predictions as (N, K) logits and labels as class
 * indices (N) or probabilities (N, K); {@link org.sota4j.losses.Targets} converts and smooths labels.
 */
package org.sota4j.losses;
