/**
 * Learning-rate schedules as DJL {@link ai.djl.training.tracker.Tracker}s that reproduce PyTorch's schedulers
 * step for step: cosine annealing with linear or constant warmup ({@link org.sota4j.schedules.WarmupCosine},
 * the torchvision reference recipe), SGDR warm restarts ({@link org.sota4j.schedules.CosineWarmRestarts}),
 * step decay ({@link org.sota4j.schedules.StepSchedule}) and the 1cycle policy
 * ({@link org.sota4j.schedules.OneCycle}). Every schedule extends {@link org.sota4j.schedules.Schedule}, whose
 * {@code valueAt(step)} is torch's {@code get_last_lr()} after {@code step} scheduler steps and whose
 * {@code getNewValue(numUpdate)} follows DJL's 1-based optimizer update count; {@link org.sota4j.schedules.Schedules}
 * samples any tracker for plotting and turns an epoch schedule into an iteration schedule. The schedules share
 * their interpolation, {@link org.sota4j.schedules.Anneal} (cosine or linear, torch's formulas), and the cosine
 * ones their builder's settings ({@link org.sota4j.schedules.Schedule.BaseBuilder}).
 */
package org.sota4j.schedules;
