package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset.Usage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sota4j.recipe.RecipeRunner;
import org.sota4j.training.History;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;

import tech.tablesaw.api.Table;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link Ablation.Builder#optWorkers}: runs trained in child JVMs are the runs the ablation would train itself. */
class AblationWorkersTest {

    private static Recipe tiny() {
        return Recipe.builder().optModel("small_cnn").optEpochs(2).optBatchSize(50).optLr(0.05)
                .optLrScheduler(Recipe.LrScheduler.COSINEANNEALINGLR).optLrPerIteration(true).build();
    }

    private static Ablation.Builder ablation(ImageTensorDataset train, ImageTensorDataset val,
            ImageTensorDataset test) {
        return Ablation.builder().setBase(tiny()).setData(train, val, Datasets.FASHION_MNIST_MEAN,
                        Datasets.FASHION_MNIST_STD).optTest(test).optCleanTrainImages(100).optProgress(null)
                // one epoch longer than the base: the workers start it first, the runs table still lists it second
                .addVariant("label smoothing", r -> r.toBuilder().optLabelSmoothing(0.1).optEpochs(3).build())
                .addVariant("same as base", r -> r).optSeeds(1, 2);
    }

    /** DJL's PyTorch engine sets its intra-op threads at start; a worker's share is set the same way. */
    private static void setTorchThreads(int threads) throws Exception {
        Method set = Class.forName("ai.djl.pytorch.jni.JniUtils").getMethod("setNumThreads", int.class);
        set.invoke(null, threads);
    }

    @Test
    void workersGiveTheInProcessResultsBitForBitAtTheSameThreadCount(@TempDir Path dir) throws Exception {
        int workers = 2;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        try (ImageTensorDataset all = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = all.balancedSubset(40, 1);
                ImageTensorDataset val = all.balancedSubset(10, 2);
                ImageTensorDataset test = all.balancedSubset(20, 3)) {
            Path csv = dir.resolve("runs.csv");
            Ablation.Result parallel = ablation(train, val, test).optWorkers(workers).optRunsFile(csv).build().run();
            Ablation.Result inProcess;
            setTorchThreads(threads);
            try {
                inProcess = ablation(train, val, test).build().run();
            } finally {
                setTorchThreads(Runtime.getRuntime().availableProcessors());
            }
            Table p = parallel.runs();
            Table q = inProcess.runs();
            assertEquals(List.of("base", "base", "label smoothing", "label smoothing", "same as base", "same as base"),
                    p.stringColumn("variant").asList());
            assertEquals(List.of(1L, 2L, 1L, 2L, 1L, 2L), p.longColumn("seed").asList());
            for (String column : List.of("clean_train_acc", "val_acc", "test_acc", "best_val_acc", "train_loss")) {
                assertEquals(q.doubleColumn(column).asList(), p.doubleColumn(column).asList(), column);
            }
            assertEquals(List.of("ok", "ok", "ok", "ok", "ok", "ok"), p.stringColumn("status").asList());
            // the recipe (seed and toolkit extras included) reaches the worker: same recipe, same run; another, not
            assertEquals(p.doubleColumn("train_loss").getDouble(0), p.doubleColumn("train_loss").getDouble(4));
            assertNotEquals(p.doubleColumn("train_loss").getDouble(0), p.doubleColumn("train_loss").getDouble(2));
            assertNotEquals(p.doubleColumn("train_loss").getDouble(0), p.doubleColumn("train_loss").getDouble(1));
            Map<String, List<History>> h = parallel.histories();
            assertEquals(2, h.get("label smoothing").size());
            List<History.Row> workerRows = h.get("label smoothing").get(1).rows();
            List<History.Row> ownRows = inProcess.histories().get("label smoothing").get(1).rows();
            assertEquals(3, workerRows.size());
            for (int i = 0; i < 3; i++) {
                assertEquals(ownRows.get(i).lr(), workerRows.get(i).lr());
                assertEquals(ownRows.get(i).trainLoss(), workerRows.get(i).trainLoss());
                assertEquals(ownRows.get(i).valAcc(), workerRows.get(i).valAcc());
                assertEquals(ownRows.get(i).step(), workerRows.get(i).step());
            }
            assertEquals(6, Table.read().csv(csv.toFile()).rowCount());
            assertEquals(0.0, parallel.paired().deltas().get(1).mean(), 0);
        }
    }

    @Test
    void keptWeightsLoadBackIntoTheModelThatScoredTheRunsTableInBothPaths(@TempDir Path dir) throws Exception {
        // decay 0.999, adjusted as torchvision does to 1 - 0.001 * batch 50 / 2 epochs = 0.975 a step: the average
        // lags the raw weights
        Recipe recipe = tiny().toBuilder().optModelEma(true).optModelEmaSteps(1).optModelEmaDecay(0.999).build();
        try (ImageTensorDataset all = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = all.balancedSubset(40, 1);
                ImageTensorDataset val = all.balancedSubset(10, 2);
                ImageTensorDataset test = all.balancedSubset(20, 3)) {
            for (int workers : new int[] {1, 2}) {
                Path weights = dir.resolve("weights-" + workers);
                Ablation.Result r = Ablation.builder().setBase(recipe, "EMA base").setData(train, val,
                                Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD).optTest(test)
                        .optProgress(null).optCleanTrainImages(0).optSeeds(1, 2).optWorkers(workers)
                        .addVariant("+ label smoothing", b -> b.toBuilder().optLabelSmoothing(0.1).build())
                        .optWeightsDir(weights).build().run();
                Table runs = r.runs();
                for (int i = 0; i < runs.rowCount(); i++) {
                    String variant = runs.stringColumn("variant").get(i);
                    long seed = runs.longColumn("seed").get(i);
                    Path file = Ablation.weightsFile(weights, variant, seed);
                    assertEquals((variant.equals("EMA base") ? "ema-base" : "label-smoothing") + "-seed-" + seed
                            + ".params", file.getFileName().toString());
                    double raw;
                    double ema;
                    try (ai.djl.Model m = RecipeRunner.loadModel(recipe, train, file)) {
                        raw = RecipeRunner.accuracy(recipe, m, test, Datasets.FASHION_MNIST_MEAN,
                                Datasets.FASHION_MNIST_STD);
                    }
                    try (ai.djl.Model m = RecipeRunner.loadModel(recipe, train, Ablation.emaWeightsFile(file))) {
                        ema = RecipeRunner.accuracy(recipe, m, test, Datasets.FASHION_MNIST_MEAN,
                                Datasets.FASHION_MNIST_STD);
                    }
                    String where = variant + " seed " + seed + ", workers " + workers;
                    assertEquals(runs.doubleColumn("test_acc").getDouble(i), raw, where);
                    assertEquals(runs.doubleColumn("ema_test_acc").getDouble(i), ema, where);
                    assertTrue(!java.util.Arrays.equals(java.nio.file.Files.readAllBytes(file),
                            java.nio.file.Files.readAllBytes(Ablation.emaWeightsFile(file))),
                            where + ": EMA weights are the raw ones");
                }
                assertEquals(8, java.nio.file.Files.list(weights).count(), "4 runs, raw and EMA weights each");
            }
        }
    }

    @Test
    void keptWeightsNeedVariantNamesThatGiveDistinctFiles() {
        try (ImageTensorDataset all = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = all.balancedSubset(10, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ablation.builder()
                    .setBase(tiny(), "mixup")
                    .setData(train, train, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .addVariant("+ Mixup", r -> r).optWeightsDir(Path.of("w")).build());
            assertEquals("variant names must give distinct file names for the weights (letters and digits, lower "
                    + "case), got '+ Mixup' and 'mixup', both mixup", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> RecipeRunner.loadModel(tiny(), train,
                    Path.of("no-such.params")));
            assertTrue(e.getMessage().startsWith("weights must be a file of saved parameters, got no-such.params ("),
                    e.getMessage());
        }
    }

    @Test
    void workersStartTheLongestRunsFirstTiesInAblationOrder() {
        Recipe r = tiny();
        List<Recipe> runs = List.of(r.toBuilder().optEpochs(10).build(), r.toBuilder().optEpochs(90).build(),
                r.toBuilder().optEpochs(30).build(), r.toBuilder().optEpochs(90).build(),
                r.toBuilder().optEpochs(10).build());
        assertArrayEquals(new int[] {1, 3, 2, 0, 4}, Ablation.longestFirst(runs));
        assertArrayEquals(new int[] {0, 1, 2}, Ablation.longestFirst(List.of(r, r, r)));
        assertArrayEquals(new int[0], Ablation.longestFirst(List.of()));
    }

    @Test
    void aLoopChangeCannotGoToAWorker() {
        try (ImageTensorDataset all = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = all.balancedSubset(10, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ablation.builder()
                    .setBase(tiny()).setData(train, train, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .addVariant("no augmentation", r -> r, (recipe, model, loop) -> loop.optAugmentation(null))
                    .optWorkers(2).build());
            assertEquals("variant 'no augmentation' changes the training loop, which cannot be sent to a worker "
                    + "process: use optWorkers(1) or a recipe setting, got workers 2", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Ablation.builder().setBase(tiny())
                    .setData(train, train, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD).optWorkers(0)
                    .build());
            assertEquals("workers must be >= 1, got 0", e.getMessage());
        }
    }

    @Test
    void anOutcomeReadsBackBitForBit(@TempDir Path dir) throws Exception {
        History h = new History("run");
        h.add(new History.Row(1, 16, 0.1, 1.2345678901234567, 0.5, Double.NaN, 1.0 / 3, 123.4, 5.5,
                Map.of("ema_val_acc", 0.1 + 0.2)));
        h.add(new History.Row(2, 32, 1e-7, 0.9, 0.6, 0.7, 0.8, 130, 11));
        Ablation.Outcome o = new Ablation.Outcome(h, 2, 0.99, 1.0 / 7, Double.NaN, 0.25, "ok");
        Path file = dir.resolve("o.outcome");
        AblationWorker.writeOutcome(o, file);
        Ablation.Outcome back = AblationWorker.readOutcome(file);
        assertEquals(o.epochs(), back.epochs());
        assertEquals(o.valAcc(), back.valAcc());
        assertTrue(Double.isNaN(back.testAcc()));
        assertEquals(o.emaTestAcc(), back.emaTestAcc());
        assertEquals(h.rows(), back.history().rows());
        assertEquals("run", back.history().name());
        Ablation.Outcome diverged = new Ablation.Outcome(null, 3, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                "diverged: loss became NaN at epoch 3, step 40");
        AblationWorker.writeOutcome(diverged, file);
        assertEquals(diverged.status(), AblationWorker.readOutcome(file).status());
        assertEquals(null, AblationWorker.readOutcome(file).history());
    }
}
