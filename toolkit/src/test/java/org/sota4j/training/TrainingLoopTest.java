package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

class TrainingLoopTest {

    private static ImageTensorDataset full;
    private static ImageTensorDataset train;
    private static ImageTensorDataset test;

    @BeforeAll
    static void load() {
        full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
        train = full.balancedSubset(100, 1);
        test = full.subset(IntStream.range(9000, 9500).toArray(), "held-out 500");
    }

    @AfterAll
    static void close() {
        train.close();
        test.close();
        full.close();
    }

    static Block smallCnn() {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(10).build());
    }

    static Block linear() {
        return new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Linear.builder().setUnits(10).build());
    }

    private static Optimizer plainSgd(float lr) {
        return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).optWeightDecays(0f).build();
    }

    static List<float[]> weights(Model model) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void learnsFashionMnistAboveChance() {
        try (Model model = Model.newInstance("cnn")) {
            model.setBlock(smallCnn());
            History h = TrainingLoop.builder().setModel(model).setTrainData(train).optValidationData(test)
                    .setEpochs(3).optBatchSize(32).optLearningRate(Tracker.fixed(0.01f)).optProgress(null)
                    .build().fit();
            assertEquals(3, h.rows().size());
            assertEquals(3 * 32, h.last().step()); // 1000 images / 32 = 31 full batches + one of 8
            assertTrue(h.last().valAcc() > 0.6, "validation accuracy " + h.last().valAcc());
            assertTrue(h.rows().get(2).trainLoss() < h.rows().get(0).trainLoss(), h.toString());
            assertEquals(History.COLUMNS, h.toTable().columnNames());
        }
    }

    /** k micro-batches of b give the same update as one batch of k x b (no batch norm, mean loss). */
    @Test
    void gradientAccumulationEqualsOneLargeBatch() {
        TrainingLoop.EpochSampler inOrder = (epoch, size, random) -> IntStream.range(0, 32).toArray();
        List<float[]> big;
        List<float[]> accumulated;
        try (ImageTensorDataset tiny = train.subset(IntStream.range(0, 32).toArray(), "32")) {
            try (Model model = Model.newInstance("big")) {
                model.setBlock(linear());
                TrainingLoop.builder().setModel(model).setTrainData(tiny).setEpochs(1).optBatchSize(32)
                        .optSampler(inOrder).optOptimizer(plainSgd(0.5f)).optProgress(null).build().fit();
                big = weights(model);
            }
            try (Model model = Model.newInstance("acc")) {
                model.setBlock(linear());
                History h = TrainingLoop.builder().setModel(model).setTrainData(tiny).setEpochs(1).optBatchSize(8)
                        .optGradientAccumulation(4).optSampler(inOrder).optOptimizer(plainSgd(0.5f)).optProgress(null)
                        .build().fit();
                assertEquals(1, h.last().step());
                accumulated = weights(model);
            }
        }
        for (int i = 0; i < big.size(); i++) {
            assertArrayEquals(big.get(i), accumulated.get(i), 1e-5f, "parameter " + i);
        }
    }

    @Test
    /**
     * With 36 examples, micro-batches of 8 and 2 per step give groups of 16, 16 and 4 examples (the last group one
     * partial micro-batch): each step must equal one batch of the same examples, as batches of 16 (16, 16, 4) do.
     */
    void gradientAccumulationWeightsAnUnevenLastGroupByItsExamples() {
        TrainingLoop.EpochSampler inOrder = (epoch, size, random) -> IntStream.range(0, 36).toArray();
        List<float[]> big;
        List<float[]> accumulated;
        try (ImageTensorDataset tiny = train.subset(IntStream.range(0, 36).toArray(), "36")) {
            try (Model model = Model.newInstance("big")) {
                model.setBlock(linear());
                History h = TrainingLoop.builder().setModel(model).setTrainData(tiny).setEpochs(1).optBatchSize(16)
                        .optSampler(inOrder).optOptimizer(plainSgd(0.5f)).optProgress(null).build().fit();
                assertEquals(3, h.last().step());
                big = weights(model);
            }
            try (Model model = Model.newInstance("acc")) {
                model.setBlock(linear());
                TrainingLoop loop = TrainingLoop.builder().setModel(model).setTrainData(tiny).setEpochs(1).optBatchSize(8)
                        .optGradientAccumulation(2).optSampler(inOrder).optOptimizer(plainSgd(0.5f)).optProgress(null)
                        .build();
                assertEquals(3, loop.stepsPerEpoch());
                History h = loop.fit();
                assertEquals(3, h.last().step());
                accumulated = weights(model);
            }
        }
        for (int i = 0; i < big.size(); i++) {
            assertArrayEquals(big.get(i), accumulated.get(i), 1e-5f, "parameter " + i);
        }
        assertEquals(3, TrainingLoop.stepsPerEpoch(36, 8, 2));
        assertEquals(2, TrainingLoop.stepsPerEpoch(33, 8, 2), "a last batch of one example is dropped");
        assertEquals(4, TrainingLoop.stepsPerEpoch(32, 8, 1));
    }

    @Test
    /** Momentum buffers (toolkit SGD) and the EMA are checkpointed too, so resuming is exact. */
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        List<float[]> uninterrupted;
        try (Model model = Model.newInstance("a")) {
            model.setBlock(smallCnn());
            TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3).optBatchSize(50)
                    .optLearningRate(Tracker.fixed(0.02f)).addHook(EmaHook.torchvision(0.9, 2)).optProgress(null).build().fit();
            uninterrupted = weights(model);
        }
        try (Model model = Model.newInstance("b")) {
            model.setBlock(smallCnn());
            TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3).optBatchSize(50)
                    .optLearningRate(Tracker.fixed(0.02f)).addHook(EmaHook.torchvision(0.9, 2)).optCheckpointDir(dir).optStopAfterEpoch(2).optProgress(null)
                    .build().fit();
        }
        assertEquals(2, Checkpoint.epoch(dir));
        try (Model model = Model.newInstance("c")) {
            model.setBlock(smallCnn());
            History h = TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3).optBatchSize(50)
                    .optLearningRate(Tracker.fixed(0.02f)).addHook(EmaHook.torchvision(0.9, 2)).optCheckpointDir(dir).optResume(true).optProgress(null)
                    .build().fit();
            assertEquals(List.of(1, 2, 3), h.rows().stream().map(History.Row::epoch).toList());
            List<float[]> resumed = weights(model);
            for (int i = 0; i < resumed.size(); i++) {
                assertArrayEquals(uninterrupted.get(i), resumed.get(i), 0f, "parameter " + i);
            }
        }
    }

    @Test
    void checkpointRestoresTheSavedWeightsExactly(@TempDir Path dir) {
        List<List<float[]>> runs = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            try (Model model = Model.newInstance("d" + r)) {
                model.setBlock(smallCnn());
                TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(r == 0 ? 2 : 3).optBatchSize(50)
                        .optCheckpointDir(dir).optStopAfterEpoch(2)
                        .optOptimizer(plainSgd(0.05f)).optProgress(null).build().fit();
                runs.add(weights(model));
            }
        }
        try (Model model = Model.newInstance("d")) {
            model.setBlock(smallCnn());
            TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(2).optBatchSize(50)
                    .optCheckpointDir(dir).optResume(true)
                    .optOptimizer(plainSgd(0.05f)).optProgress(null).build().fit();
            runs.add(weights(model));
        }
        for (int i = 0; i < runs.get(0).size(); i++) {
            assertArrayEquals(runs.get(0).get(i), runs.get(1).get(i), 0f, "A parameter " + i);
            assertArrayEquals(runs.get(0).get(i), runs.get(2).get(i), 0f, "B parameter " + i);
        }
    }

    @Test
    void divergenceNamesStepAndKeepsLastGoodCheckpoint(@TempDir Path dir) {
        try (Model model = Model.newInstance("nan")) {
            model.setBlock(linear());
            long[] calls = {0};
            TrainingLoop loop = TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3).optBatchSize(100)
                    .optOptimizer(plainSgd(0.01f)).optCheckpointDir(dir).optProgress(null)
                    .optLossFunction((x, logits, targets) -> {
                        NDArray ce = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
                        return ++calls[0] == 15 ? ce.mul(Float.NaN) : ce;
                    }).build();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, loop::fit);
            assertTrue(e.getMessage().contains("epoch 2, step 15"), e.getMessage());
            assertNotNull(e.getLastGoodCheckpoint());
            assertTrue(e.getMessage().contains(e.getLastGoodCheckpoint().toString()), e.getMessage());
            assertEquals(1, Checkpoint.epoch(dir));
        }
    }

    @Test
    void nativeMemoryStaysFlat() {
        List<Integer> counts = new ArrayList<>();
        try (Model model = Model.newInstance("flat");
                ImageTensorDataset tiny = train.subset(IntStream.range(0, 16).toArray(), "16")) {
            model.setBlock(linear());
            TrainingLoop.builder().setModel(model).setTrainData(tiny).setEpochs(250).optBatchSize(2)
                    .optOptimizer(plainSgd(0.01f)).optProgress(null).optValidationData(tiny)
                    .addHook(new TrainingHook() {
                        @Override
                        public void afterStep(TrainingLoop.Context context) {
                            if (context.getStep() == 100 || context.getStep() == 2000) {
                                counts.add(model.getNDManager().getManagedArrays().size());
                            }
                        }
                    }).build().fit();
        }
        assertEquals(2, counts.size());
        assertEquals(counts.get(0), counts.get(1), "open NDArrays at step 100 and at step 2000");
    }

    @Test
    void badValuesAreNamed() {
        try (Model model = Model.newInstance("bad")) {
            model.setBlock(linear());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(1)
                            .optGradientAccumulation(0).build());
            assertEquals("gradientAccumulation must be >= 1, got 0", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(0).build());
            assertEquals("epochs must be >= 1, got 0", e.getMessage());
        }
    }
}
