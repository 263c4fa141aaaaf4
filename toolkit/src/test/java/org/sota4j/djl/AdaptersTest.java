package org.sota4j.djl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.EarlyStoppingListener;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.sota4j.losses.Distillation;
import org.sota4j.mixing.Mixup;
import org.sota4j.weights.BestWeights;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The DJL adapters against hand-computed values and the technique classes they call. */
class AdaptersTest {

    /** 8 images 1 x 2 x 2 with pixel values 0..31, labels 0..3 twice. */
    private static ArrayDataset images(NDManager manager, BatchTransformBatchifier batchifier, int batch) {
        NDArray x = manager.arange(32f).reshape(8, 1, 2, 2).toType(DataType.UINT8, false);
        NDArray y = manager.create(new int[] {0, 1, 2, 3, 0, 1, 2, 3});
        return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(batch, false)
                .optDataBatchifier(batchifier).build();
    }

    @Test
    void batchifierAugmentsNormalizesAndErasesTheStackedBatch() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            int[] calls = new int[2];
            BatchTransformBatchifier batchifier = BatchTransformBatchifier.builder()
                    .optAugmentation((images, random) -> {
                        calls[0]++;
                        return images.add(1f); // on 0..255
                    })
                    .optNormalization(new float[] {0.1f}, new float[] {0.2f})
                    .optPostNormalization((images, random) -> {
                        calls[1]++;
                        return images.mul(-1f);
                    }).build();
            Batch batch = images(manager, batchifier, 4).getData(manager).iterator().next();
            NDArray x = batch.getData().head();
            assertEquals(new Shape(4, 1, 2, 2), x.getShape());
            assertEquals(DataType.FLOAT32, x.getDataType());
            float[] values = x.toFloatArray();
            for (int i = 0; i < values.length; i++) {
                float expected = -((i + 1f) - 0.1f * 255f) / (0.2f * 255f);
                assertEquals(expected, values[i], 1e-5f, "pixel " + i);
            }
            assertArrayEquals(new int[] {1, 1}, calls, "one call per batch, not per image");
            batch.split(new ai.djl.Device[] {ai.djl.Device.cpu(), ai.djl.Device.cpu()}, false);
            assertArrayEquals(new int[] {1, 1}, calls, "splitting a batch does not transform it again");
            batch.close();
        }
    }

    @Test
    void batchifierReadsChannelsLastRecords() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchTransformBatchifier batchifier = BatchTransformBatchifier.builder().optChannelsLast(true)
                    .optNormalization(new float[] {0f, 0f, 0f}, new float[] {1f / 255, 1f / 255, 1f / 255}).build();
            NDArray hwc = manager.arange(12f).reshape(2, 2, 3); // H x W x C
            NDArray out = batchifier.batchify(new NDList[] {new NDList(hwc)}).head();
            assertEquals(new Shape(1, 3, 2, 2), out.getShape());
            assertArrayEquals(hwc.transpose(2, 0, 1).toFloatArray(), out.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void badNormalizationIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchTransformBatchifier
                .builder().optNormalization(new float[] {0.5f}, new float[] {0f}).build());
        assertEquals("normalization std must be finite and > 0, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MixingDataset.builder().setMixer(Mixup.of(1))
                .setNumClasses(10).build());
        assertEquals("dataset must be set (setDataset), got null", e.getMessage());
    }

    /** The mixed batch is the mixer's result on the batch's images and one-hot labels, with the same draws. */
    @Test
    void mixingDatasetGivesTheMixersSoftLabels() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            ArrayDataset data = images(manager, BatchTransformBatchifier.builder().build(), 4);
            MixingDataset mixed = MixingDataset.builder().setDataset(data).setMixer(Mixup.of(1.0)).setNumClasses(4)
                    .optSeed(5).build();
            Batch plain = data.getData(manager).iterator().next();
            NDList expected = Mixup.of(1.0).mix(plain.getData().head(),
                    plain.getLabels().head().oneHot(4), new Random(5));
            Batch batch = mixed.getData(manager).iterator().next();
            assertEquals(new Shape(4, 4), batch.getLabels().head().getShape());
            assertArrayEquals(expected.get(0).toFloatArray(), batch.getData().head().toFloatArray(), 1e-6f);
            assertArrayEquals(expected.get(1).toFloatArray(), batch.getLabels().head().toFloatArray(), 1e-6f);
            float[] rowSums = batch.getLabels().head().sum(new int[] {1}).toFloatArray();
            for (float sum : rowSums) {
                assertEquals(1f, sum, 1e-6f);
            }
            float[] first = batch.getLabels().head().toFloatArray();
            assertTrue(first[0] < 1f, "labels are mixed: " + java.util.Arrays.toString(first));
        }
    }

    @Test
    void teacherLogitsDatasetAppendsTheTeachersLogits() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            SequentialBlock teacher = new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(4).build());
            teacher.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2, 2));
            SequentialBlock student = new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(4).build());
            Distillation distillation = Distillation.builder().setTeacher(teacher).setStudent(student)
                    .setInputShape(new Shape(1, 1, 2, 2)).build();
            ArrayDataset data = images(manager, BatchTransformBatchifier.builder().build(), 4);
            Batch batch = TeacherLogitsDataset.builder().setDataset(data).setDistillation(distillation).build()
                    .getData(manager).iterator().next();
            NDList labels = batch.getLabels();
            assertEquals(2, labels.size());
            assertArrayEquals(new float[] {0, 1, 2, 3}, labels.get(0).toType(DataType.FLOAT32, false).toFloatArray());
            NDArray expected = distillation.teacherLogits(batch.getData().head());
            assertArrayEquals(expected.toFloatArray(), labels.get(1).toFloatArray(), 1e-6f);
            // what DistillationLoss takes as a DJL Loss: labels (targets, teacherLogits), predictions (student)
            NDArray loss = distillation.getLoss().evaluate(labels, new NDList(expected));
            assertTrue(Float.isFinite(loss.getFloat()));
        }
    }

    @Test
    void softLabelAccuracyTakesTheArgMaxOfProbabilities() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = manager.create(new float[] {2, 1, 0, 0, 3, 1, 1, 0, 5}, new Shape(3, 3)); // 0, 1, 2
            NDArray soft = manager.create(new float[] {0.7f, 0.3f, 0, 0.4f, 0.6f, 0, 0.9f, 0, 0.1f}, new Shape(3, 3));
            SoftLabelAccuracy accuracy = new SoftLabelAccuracy();
            accuracy.addAccumulator("soft");
            accuracy.updateAccumulator("soft", new NDList(soft), new NDList(logits));
            assertEquals(2f / 3, accuracy.getAccumulator("soft"), 1e-6f);
            accuracy.addAccumulator("index");
            accuracy.updateAccumulator("index", new NDList(manager.create(new int[] {0, 2, 2})), new NDList(logits));
            assertEquals(2f / 3, accuracy.getAccumulator("index"), 1e-6f);
        }
    }

    @Test
    void bestWeightsCountsPatienceForLossesAndAccuracies() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear block = Linear.builder().setUnits(1).build();
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            try (BestWeights loss = BestWeights.builder().setBlock(block).optPatience(2).optMaximize(false)
                    .optKeepWeights(false).build()) {
                assertEquals(false, loss.update(1, 3.0));
                assertEquals(false, loss.update(2, 2.0));
                assertEquals(false, loss.update(3, 2.5));
                assertEquals(true, loss.update(4, 2.0)); // not below the best: the second epoch without improvement
                assertEquals(2, loss.getBestEpoch());
                assertEquals(2.0, loss.getBest());
            }
            assertThrows(IllegalArgumentException.class,
                    () -> BestWeights.builder().setBlock(block).build().update(1, Double.NaN));
        }
    }

    private static List<float[]> weights(Model model) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    /**
     * A huge learning rate makes a linear model oscillate: the listener stops EasyTrain.fit with DJL's exception and
     * the model ends with the weights it had at the best epoch.
     */
    @Test
    void earlyStoppingListenerStopsAndRestoresTheBestEpochsWeights() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("linear")) {
            Engine.getInstance().setRandomSeed(2);
            NDArray x = manager.randomNormal(new Shape(64, 4));
            NDArray y = x.matMul(manager.create(new float[] {1, -2, 3, 0.5f}, new Shape(4, 1)));
            ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(16, false).build();
            model.setBlock(Linear.builder().setUnits(1).build());
            List<List<float[]>> perEpoch = new ArrayList<>();
            TrainingListener recorder = new TrainingListenerAdapter() {
                @Override
                public void onEpoch(Trainer trainer) {
                    perEpoch.add(weights(model));
                }
            };
            EarlyStoppingRestoreListener stopping = EarlyStoppingRestoreListener.builder().optValidationLoss()
                    .optPatience(2).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1.2f)).build())
                    .addTrainingListeners(TrainingListener.Defaults.basic())
                    .addTrainingListeners(recorder, stopping);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 4));
                EarlyStoppingListener.EarlyStoppedException e = assertThrows(
                        EarlyStoppingListener.EarlyStoppedException.class,
                        () -> EasyTrain.fit(trainer, 30, data, data));
                int best = stopping.getBestEpoch();
                assertEquals(best + 2, e.getStopEpoch(), e.getMessage());
                List<float[]> now = weights(model);
                for (int i = 0; i < now.size(); i++) {
                    assertArrayEquals(perEpoch.get(best - 1).get(i), now.get(i), 0f, "parameter " + i);
                }
                assertTrue(e.getStopEpoch() < 30);
            }
        }
    }
}
