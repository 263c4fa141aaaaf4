/**
 * Optimizers with torch semantics on DJL: {@link org.sota4j.optimizers.Sgd} (momentum, Nesterov) and
 * {@link org.sota4j.optimizers.AdamW} (decoupled weight decay), both DJL {@code Optimizer}s with checkpointable
 * state, per-parameter-group weight decay ({@link org.sota4j.optimizers.WeightDecayGroups}: norm-layer and bias
 * decay as in torchvision's references) and per-parameter learning-rate multipliers, plus
 * {@link org.sota4j.optimizers.GradientClipping} by global norm or by value. Use them in place of DJL's optimizers
 * when reproducing torchvision/timm recipes step for step.
 */
package org.sota4j.optimizers;
