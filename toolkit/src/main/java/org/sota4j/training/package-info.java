/**
 * The training loop and what runs experiments with it: {@link org.sota4j.training.TrainingLoop} (batches
 * sliced from a resident dataset, hooks, gradient accumulation, history, checkpoints with exact resume),
 * its hooks ({@link org.sota4j.training.EmaHook}, {@link org.sota4j.training.ClipGradNorm},
 * {@link org.sota4j.training.EarlyStopping}), {@link org.sota4j.training.Recipe} (torchvision's
 * {@code train.py} flags, round-tripped as a command line), {@link org.sota4j.training.RecipeRunner} and
 * {@link org.sota4j.training.Ablation} (train, select on validation, test once), the statistics of its runs
 * ({@link org.sota4j.training.PairedComparison}), and the {@link org.sota4j.training.Profile} and
 * {@link org.sota4j.training.ExperimentData} that size a run and give its splits.
 */
package org.sota4j.training;
