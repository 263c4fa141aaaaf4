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
import org.sota4j.sampling.EpochSampler;

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
            assertEquals(History.BASE_COLUMNS, h.toTable().columnNames());
        }
    }

    /** k micro-batches of b give the same update as one batch of k x b (no batch norm, mean loss). */
    @Test
    void gradientAccumulationEqualsOneLargeBatch() {
        EpochSampler inOrder = (epoch, size, random) -> IntStream.range(0, 32).toArray();
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
        EpochSampler inOrder = (epoch, size, random) -> IntStream.range(0, 36).toArray();
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
                TrainingLoop loop = TrainingLoop.builder().setModel(model).setTrainData(tiny).setEpochs(1)
                        .optBatchSize(8).optGradientAccumulation(2).optSampler(inOrder).optOptimizer(plainSgd(0.5f))
                        .optProgress(null).build();
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
                    .optLearningRate(Tracker.fixed(0.02f)).addHook(EmaHook.torchvision(0.9, 2)).optProgress(null)
                    .build().fit();
            uninterrupted = weights(model);
        }
        try (Model model = Model.newInstance("b")) {
            model.setBlock(smallCnn());
            TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3).optBatchSize(50)
                    .optLearningRate(Tracker.fixed(0.02f)).addHook(EmaHook.torchvision(0.9, 2)).optCheckpointDir(dir)
                    .optStopAfterEpoch(2).optProgress(null)
                    .build().fit();
        }
        assertEquals(2, Checkpoint.epoch(dir));
        try (Model model = Model.newInstance("c")) {
            model.setBlock(smallCnn());
            History h = TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3).optBatchSize(50)
                    .optLearningRate(Tracker.fixed(0.02f)).addHook(EmaHook.torchvision(0.9, 2)).optCheckpointDir(dir)
                    .optResume(true).optProgress(null)
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
            TrainingLoop loop = TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3)
                    .optBatchSize(100).optOptimizer(plainSgd(0.01f)).optCheckpointDir(dir).optProgress(null)
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

    /** A fixed negative rate is refused when built; a schedule's negative rate at the step it appears. */
    @Test
    void negativeLearningRateIsRefused() {
        try (Model model = Model.newInstance("negative")) {
            model.setBlock(linear());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(1)
                            .optLearningRate(Tracker.fixed(-0.1f)).build());
            assertEquals("learningRate is a fixed rate, which must be a finite number > 0, got -0.1", e.getMessage());
            Tracker turnsNegative = k -> k < 4 ? 0.01f : -0.01f;
            TrainingLoop loop = TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(1)
                    .optBatchSize(100).optLearningRate(turnsNegative).optProgress(null).build();
            e = assertThrows(IllegalArgumentException.class, loop::fit);
            assertEquals("learning rate must be a finite number >= 0, got -0.01 at step 4", e.getMessage());
        }
    }

    @Test
    void batchLargerThanTheTrainingDataIsRefused() {
        try (Model model = Model.newInstance("big batch");
                ImageTensorDataset hundred = train.balancedSubset(10, 0)) {
            model.setBlock(linear());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrainingLoop.builder().setModel(model).setTrainData(hundred).setEpochs(1)
                            .optBatchSize(1000).build());
            assertEquals("batchSize must be <= the 100 training examples, got 1000 (every epoch would be one "
                    + "partial batch of 100; use optBatchSize(100) or less, or more training data)", e.getMessage());
            assertEquals(1, TrainingLoop.builder().setModel(model).setTrainData(hundred).setEpochs(1)
                    .optBatchSize(100).build().stepsPerEpoch());
        }
    }

    @Test
    void modelWithTooFewOutputsIsRefusedBeforeTheFirstStep() {
        try (Model model = Model.newInstance("five")) {
            model.setBlock(new SequentialBlock().add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(5).build()));
            long[] steps = {0};
            TrainingLoop loop = TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(1)
                    .optBatchSize(50).optProgress(null).addHook(new TrainingHook() {
                        @Override
                        public void afterStep(TrainingLoop.Context context) {
                            steps[0]++;
                        }
                    }).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, loop::fit);
            assertEquals("model must output (50, 10) for a batch of 50 (one logit per class of the training data's "
                    + "10 classes), got (50, 5) at epoch 1, step 1", e.getMessage());
            assertEquals(0, steps[0]);
        }
    }

    /** A finite training loss with a NaN validation loss is divergence too, not a chance-level result. */
    @Test
    void nonFiniteValidationLossIsDivergence(@TempDir Path dir) {
        try (Model model = Model.newInstance("nan val")) {
            model.setBlock(linear());
            int[] evaluations = {0};
            TrainingLoop loop = TrainingLoop.builder().setModel(model).setTrainData(train).optValidationData(test)
                    .setEpochs(3).optBatchSize(100).optEvalBatchSize(500).optOptimizer(plainSgd(0.01f))
                    .optCheckpointDir(dir).optProgress(null)
                    .optEvalTransform((x, random) -> ++evaluations[0] == 2 ? x.mul(Float.NaN) : x).build();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, loop::fit);
            assertTrue(e.getMessage().startsWith("validation loss became NaN at epoch 2, step 20; last good "
                    + "checkpoint: " + e.getLastGoodCheckpoint()), e.getMessage());
            assertEquals(2, e.getEpoch());
            assertEquals(20, e.getStep());
            assertEquals(1, Checkpoint.epoch(dir));
        }
    }

    /** A checkpoint records what it was trained with; resuming with other settings is refused by name. */
    @Test
    void resumingWithOtherSettingsIsRefusedByName(@TempDir Path dir) throws Exception {
        try (Model model = Model.newInstance("first")) {
            model.setBlock(linear());
            TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(2).optBatchSize(50)
                    .optCheckpointDir(dir).optStopAfterEpoch(1).optProgress(null).build().fit();
        }
        String where = "checkpoint " + Checkpoint.current(dir).toAbsolutePath() + " was trained with ";
        String advice = "; resume with the same settings, or start afresh in another checkpoint folder";
        int[] otherOrder = IntStream.range(0, 1000).map(i -> 999 - i).toArray();
        try (ImageTensorDataset reversed = train.subset(otherOrder, "reversed");
                ImageTensorDataset other = full.subset(IntStream.range(5000, 6000).toArray(), "other 1000")) {
            assertEquals(where + "batch size 50, this loop has 100" + advice,
                    resumeFails(dir, train, b -> b.optBatchSize(100)));
            assertEquals(where + "training examples 1000, this loop has 500" + advice,
                    resumeFails(dir, test, b -> b));
            String fingerprint = where + "training data (fingerprint of its labels and images) "
                    + TrainingLoop.fingerprint(train) + ", this loop has ";
            assertEquals(fingerprint + TrainingLoop.fingerprint(other) + advice, resumeFails(dir, other, b -> b));
            assertEquals(fingerprint + TrainingLoop.fingerprint(reversed) + advice, resumeFails(dir, reversed, b -> b));
            assertEquals(where + "gradient accumulation 1, this loop has 2" + advice,
                    resumeFails(dir, train, b -> b.optGradientAccumulation(2)));
            assertEquals(where + "hooks none, this loop has org.sota4j.training.EmaHook" + advice,
                    resumeFails(dir, train, b -> b.addHook(EmaHook.torchvision(0.9, 2))));
        }
        try (Model model = Model.newInstance("other model")) {
            model.setBlock(smallCnn());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(2).optBatchSize(50)
                            .optCheckpointDir(dir).optResume(true).optProgress(null).build().fit());
            // 784 x 10 + 10 against conv 8 x 9 + 8, batch norm 4 x 8 (with its running statistics), 1568 x 10 + 10
            assertEquals(where + "model parameters 7850, this loop has 15802" + advice, e.getMessage());
        }
        // a checkpoint written before these settings were recorded still resumes
        Path state = Checkpoint.current(dir).resolve("state.properties");
        java.util.Properties props = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(state)) {
            props.load(in);
        }
        props.keySet().removeIf(k -> !List.of("epoch", "step", "seed").contains(k));
        try (var out = java.nio.file.Files.newOutputStream(state)) {
            props.store(out, "older checkpoint");
        }
        try (Model model = Model.newInstance("resumed")) {
            model.setBlock(linear());
            History h = TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(2).optBatchSize(100)
                    .optCheckpointDir(dir).optResume(true).optProgress(null).build().fit();
            assertEquals(List.of(1, 2), h.rows().stream().map(History.Row::epoch).toList());
            assertEquals(20 + 10, h.last().step());
        }
    }

    private static String resumeFails(Path dir, ImageTensorDataset data,
            java.util.function.UnaryOperator<TrainingLoop.Builder> change) {
        try (Model model = Model.newInstance("resume")) {
            model.setBlock(linear());
            TrainingLoop loop = change.apply(TrainingLoop.builder().setModel(model).setTrainData(data).setEpochs(2)
                    .optBatchSize(50).optCheckpointDir(dir).optResume(true).optProgress(null)).build();
            return assertThrows(IllegalStateException.class, loop::fit).getMessage();
        }
    }
}
