package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.util.Pair;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;
import org.sota4j.training.TrainingHook;
import org.sota4j.training.TrainingLoop;

import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/** The ablation trains on train, selects on validation and evaluates each trained model once on test. */
class AblationSelectionTest {

    private static Recipe tiny() {
        return Recipe.builder().optModel("small_cnn").optEpochs(1).optBatchSize(50).optLr(0.05).build();
    }

    private static ImageTensorDataset copy(ImageTensorDataset data) {
        return data.subset(IntStream.range(0, data.getLabels().length).toArray(), "copy of " + data.getName());
    }

    private static Ablation.Builder ablation(ImageTensorDataset train, ImageTensorDataset validation) {
        return Ablation.builder().setBase(tiny()).setData(train, validation, Datasets.FASHION_MNIST_MEAN,
                Datasets.FASHION_MNIST_STD).optProgress(null);
    }

    /**
     * With the training images as validation, test and clean sample (three copies), the three accuracies of a run are
     * the same number, the last epoch's validation accuracy: one set of final weights, one evaluation, no augmentation.
     * A hook that zeroes the weights when training ends (as early stopping puts the best epoch's back) is seen by the
     * final evaluation: every logit 0, every prediction class 0, a tenth of the balanced images right.
     */
    @Test
    void theFinalWeightsAreEvaluatedOnceOnEachSplitAfterTheOtherHooks() {
        try (ImageTensorDataset source = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = source.balancedSubset(40, 1);
                ImageTensorDataset validation = copy(train); ImageTensorDataset test = copy(train)) {
            Ablation.Result r = ablation(train, validation).optTest(test).optSeeds(1, 2)
                    .addVariant("ema", b -> b.toBuilder().optModelEma(true).optModelEmaSteps(1).build())
                    .addVariant("zeroed", b -> b, (recipe, model, loop) -> loop.addHook(new TrainingHook() {
                        @Override
                        public void onTrainEnd(TrainingLoop.Context context) {
                            for (Pair<String, Parameter> p : context.getBlock().getParameters()) {
                                NDArray a = p.getValue().getArray();
                                a.subi(a);
                            }
                        }
                    })).build().run();
            Table runs = r.runs();
            assertEquals(List.of("variant", "seed", "epochs", "train_images", "clean_train_acc", "val_acc", "test_acc",
                    "wall_s", "best_val_acc", "ema_val_acc", "ema_test_acc", "train_loss", "status"),
                    runs.columnNames());
            for (int i = 0; i < 4; i++) {
                double last = r.histories().get(runs.stringColumn("variant").get(i)).get(i % 2).last().valAcc();
                assertEquals(last, runs.doubleColumn("val_acc").getDouble(i), 1e-12, "row " + i);
                assertEquals(last, runs.doubleColumn("test_acc").getDouble(i), 1e-12, "row " + i);
                assertEquals(last, runs.doubleColumn("clean_train_acc").getDouble(i), 1e-12, "row " + i);
                assertEquals(400, runs.intColumn("train_images").getInt(i));
            }
            assertTrue(Double.isNaN(runs.doubleColumn("ema_test_acc").getDouble(0)), "no EMA in the base");
            for (int i = 2; i < 4; i++) {
                assertEquals(runs.doubleColumn("ema_val_acc").getDouble(i),
                        runs.doubleColumn("ema_test_acc").getDouble(i), 1e-12, "EMA weights, test copy, row " + i);
            }
            for (int i = 4; i < 6; i++) {
                double last = r.histories().get("zeroed").get(i % 2).last().valAcc();
                assertTrue(last > 0.15, "trained before the zeroing: " + last);
                assertEquals(0.1, runs.doubleColumn("val_acc").getDouble(i), 1e-12);
                assertEquals(0.1, runs.doubleColumn("test_acc").getDouble(i), 1e-12);
                assertEquals(0.1, runs.doubleColumn("clean_train_acc").getDouble(i), 1e-12);
            }
        }
    }

    /** More training images than the clean sample: a class-balanced sample of 20 per class, still in [0, 1]. */
    @Test
    void cleanTrainAccuracyUsesAFixedBalancedSample() {
        try (ImageTensorDataset source = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = source.balancedSubset(40, 1);
                ImageTensorDataset validation = source.balancedSubset(10, 2)) {
            Table runs = ablation(train, validation).optCleanTrainImages(205).build().run().runs();
            double clean = runs.doubleColumn("clean_train_acc").getDouble(0);
            assertTrue(clean > 0 && clean <= 1, "clean_train_acc " + clean);
            assertEquals(0, (clean * 200) % 1, 1e-9, "a multiple of 1/200: 20 images of each of 10 classes");
            assertTrue(Double.isNaN(runs.doubleColumn("test_acc").getDouble(0)), "no test split");
            Table off = ablation(train, validation).optCleanTrainImages(0).build().run().runs();
            assertTrue(Double.isNaN(off.doubleColumn("clean_train_acc").getDouble(0)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ablation(train, validation).optCleanTrainImages(5).build());
            assertEquals("cleanTrainImages must be 0 (off) or >= the 10 classes (at least one image of each), got 5",
                    e.getMessage());
        }
    }

    /** The runs file is rewritten after every run, and writeRuns writes the same table to any path. */
    @Test
    void runsAreWrittenAsCsvAfterEveryRunAndOnRequest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results").resolve("99-test.csv");
        int[] rowsBeforeSecond = {-1};
        try (ImageTensorDataset source = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = source.balancedSubset(40, 1);
                ImageTensorDataset validation = source.balancedSubset(10, 2);
                ImageTensorDataset test = source.balancedSubset(10, 3)) {
            Ablation.Result r = ablation(train, validation).optTest(test).optRunsFile(file)
                    .addVariant("second", b -> b, (recipe, model, loop) -> loop.addHook(new TrainingHook() {
                        @Override
                        public void onTrainBegin(TrainingLoop.Context context) {
                            try {
                                rowsBeforeSecond[0] = Files.readAllLines(file).size() - 1;
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }
                    })).build().run();
            assertEquals(1, rowsBeforeSecond[0], "rows in the runs file when the second run started");
            Table written = Table.read().csv(file.toFile());
            assertEquals(r.runs().columnNames(), written.columnNames());
            assertEquals(r.runs().doubleColumn("test_acc").asList(), written.doubleColumn("test_acc").asList());
            Path other = dir.resolve("a").resolve("runs.csv");
            r.writeRuns(other);
            assertEquals(Files.readAllLines(file), Files.readAllLines(other));
        }
    }

    /** paired() compares test_acc with the base on the same seed: the deltas are those of the runs table. */
    @Test
    void pairedComparesTestAccuracyWithTheBaseSeedBySeed() {
        try (ImageTensorDataset source = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = source.balancedSubset(40, 1);
                ImageTensorDataset validation = source.balancedSubset(10, 2);
                ImageTensorDataset test = source.balancedSubset(20, 3)) {
            Ablation.Result r = ablation(train, validation).optTest(test).optSeeds(1, 2)
                    .addVariant("ls", b -> b.toBuilder().optLabelSmoothing(0.1).build()).build().run();
            double[] acc = r.runs().doubleColumn("test_acc").asDoubleArray();
            PairedComparison.Delta d = r.paired().delta("ls");
            assertEquals(100 * ((acc[2] - acc[0]) + (acc[3] - acc[1])) / 2, d.mean(), 1e-9);
            assertEquals("base", d.base());
            assertEquals(2, d.pairs());
            Ablation.Result noTest = ablation(train, validation).optSeeds(1, 2).build().run();
            IllegalStateException e = assertThrows(IllegalStateException.class, noTest::paired);
            assertTrue(e.getMessage().startsWith("paired() compares test_acc, and no run has one"), e.getMessage());
        }
    }

    @Test
    void theTestSplitIsNotTheValidationSplit() {
        try (ImageTensorDataset source = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = source.balancedSubset(40, 1);
                ExperimentData legacy = ExperimentData.forProfile(Profile.SMOKE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ablation(train, source).optTest(source).build());
            assertEquals("test must not be the validation split (choices are made on validation, the test split is "
                    + "for the reported number), got the same dataset for both", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Ablation.builder().setData(legacy));
            assertTrue(e.getMessage().startsWith("data must have a validation split"), e.getMessage());
        }
    }
}
