/**
 * Experiments on top of recipes: {@link org.sota4j.experiments.Ablation} (train each variant and seed, in process
 * or in worker JVMs, select on validation, test once), the statistics of its runs
 * ({@link org.sota4j.experiments.PairedComparison}), and the {@link org.sota4j.experiments.Profile} and
 * {@link org.sota4j.experiments.ExperimentData} that size a run and give its splits. Needs Tablesaw.
 */
package org.sota4j.experiments;
