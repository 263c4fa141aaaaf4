/**
 * Adapters that put the toolkit's techniques into a plain DJL training run ({@code DefaultTrainingConfig},
 * {@code Trainer}, {@code EasyTrain.fit}), where DJL's own extension points are datasets, batchifiers and training
 * listeners. Each adapter calls the technique's own class; the {@code TrainingLoop} hooks call the same classes.
 *
 * <table>
 * <caption>The adapters</caption>
 * <tr><th>adapter</th><th>DJL extension point</th><th>what it is for</th></tr>
 * <tr><td>{@link org.sota4j.djl.BatchTransformBatchifier}</td><td>{@code Batchifier}</td>
 *     <td>batched augmentation on 0..255 (TrivialAugment, RandAugment, crops, flips), normalization,
 *     post-normalization (random erasing)</td></tr>
 * <tr><td>{@link org.sota4j.djl.BatchifiedDataset}</td><td>{@code RandomAccessDataset}</td>
 *     <td>another batchifier and sampling for a dataset already built ({@code ImageTensorDataset})</td></tr>
 * <tr><td>{@link org.sota4j.djl.MixingDataset}</td><td>{@code Dataset} decorator</td>
 *     <td>mixup, CutMix, their random choice: mixed images and soft labels</td></tr>
 * <tr><td>{@link org.sota4j.djl.TeacherLogitsDataset}</td><td>{@code Dataset} decorator</td>
 *     <td>live distillation: the teacher's logits appended to the labels, for {@code DistillationLoss}</td></tr>
 * <tr><td>{@link org.sota4j.djl.SoftLabelAccuracy}</td><td>{@code Evaluator}</td>
 *     <td>top-1 accuracy with soft (mixed, smoothed) labels</td></tr>
 * <tr><td>{@link org.sota4j.djl.ClipGradNormListener}</td><td>{@code TrainingListener}</td>
 *     <td>gradient clipping by global norm, between backward and step</td></tr>
 * <tr><td>{@link org.sota4j.djl.EmaListener}</td><td>{@code TrainingListener}</td>
 *     <td>EMA of the weights after every step, evaluation on the EMA weights</td></tr>
 * <tr><td>{@link org.sota4j.djl.EarlyStoppingRestoreListener}</td><td>{@code TrainingListener}</td>
 *     <td>early stopping that puts the best epoch's weights back</td></tr>
 * </table>
 *
 * <p>The schedules (DJL {@code Tracker}s), the losses, {@code Sgd} and {@code AdamW}, the models' layers and the
 * samplers need no adapter. Random draws come from seeded {@link java.util.Random}s in batch order: a run replays
 * when the datasets are read without a prefetching executor.
 */
package org.sota4j.djl;
