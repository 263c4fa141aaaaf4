/**
 * The training loop: {@link org.sota4j.training.TrainingLoop} (batches sliced from a resident dataset, hooks,
 * gradient accumulation, a {@link org.sota4j.training.History}, checkpoints with exact resume) and its hooks
 * ({@link org.sota4j.training.EmaHook}, {@link org.sota4j.training.ClipGradNorm},
 * {@link org.sota4j.training.EarlyStopping}). It builds on the technique packages only; the recipe layer
 * ({@link org.sota4j.recipe}) and the experiments ({@link org.sota4j.experiments}) build on it.
 */
package org.sota4j.training;
