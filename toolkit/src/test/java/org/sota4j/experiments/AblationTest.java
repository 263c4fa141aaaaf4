package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.training.dataset.Dataset.Usage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;
import org.sota4j.training.TrainingHook;
import org.sota4j.training.TrainingLoop;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

class AblationTest {

    private static Recipe tiny() {
        return Recipe.builder().optModel("small_cnn").optEpochs(1).optBatchSize(50).optLr(0.05).build();
    }

    @Test
    void cumulativeVariantsBuildOnEachOther() {
        try (ImageTensorDataset data = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            Ablation a = Ablation.builder().setBase(tiny(), "baseline").setData(data, data, Datasets.FASHION_MNIST_MEAN,
                            Datasets.FASHION_MNIST_STD).optCumulative(true)
                    .addVariant("+ls", r -> r.toBuilder().optLabelSmoothing(0.1).build())
                    .addVariant("+mixup", r -> r.toBuilder().optMixupAlpha(0.2).build()).build();
            Map<String, Recipe> recipes = a.recipes();
            assertEquals(List.of("baseline", "+ls", "+mixup"), List.copyOf(recipes.keySet()));
            assertEquals(0.1, recipes.get("+mixup").getLabelSmoothing(), 0);
            assertEquals(0.2, recipes.get("+mixup").getMixupAlpha(), 0);
            assertEquals(0.0, recipes.get("+ls").getMixupAlpha(), 0);
            Ablation independent = Ablation.builder().setBase(tiny()).setData(data, data, Datasets.FASHION_MNIST_MEAN,
                            Datasets.FASHION_MNIST_STD)
                    .addVariant("+ls", r -> r.toBuilder().optLabelSmoothing(0.1).build())
                    .addVariant("+mixup", r -> r.toBuilder().optMixupAlpha(0.2).build()).build();
            assertEquals(0.0, independent.recipes().get("+mixup").getLabelSmoothing(), 0);
        }
    }

    @Test
    void summaryIsMeanStdAndDeltaPerVariant() {
        Table runs = Table.create("runs", StringColumn.create("variant", "a", "a", "b", "b"),
                DoubleColumn.create("val_acc", 0.5, 0.7, 0.8, 0.8),
                DoubleColumn.create("ema_val_acc", Double.NaN, Double.NaN, 0.9, 0.7),
                DoubleColumn.create("wall_s", 1, 3, 2, 2));
        Table s = Ablation.summarize(runs);
        assertEquals(List.of("a", "b"), s.stringColumn("variant").asList());
        assertEquals(0.6, s.doubleColumn("val_acc_mean").getDouble(0), 1e-12);
        assertEquals(Math.sqrt(0.02), s.doubleColumn("val_acc_std").getDouble(0), 1e-12);
        assertEquals(0.2, s.doubleColumn("delta_vs_first").getDouble(1), 1e-12);
        assertTrue(Double.isNaN(s.doubleColumn("ema_val_acc_mean").getDouble(0)));
        assertEquals(0.8, s.doubleColumn("ema_val_acc_mean").getDouble(1), 1e-12);
    }

    @Test
    void runsEveryVariantWithEverySeed() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = test.balancedSubset(40, 1);
                ImageTensorDataset val = test.balancedSubset(10, 2)) {
            Ablation.Result r = Ablation.builder().setBase(tiny()).setData(train, val, Datasets.FASHION_MNIST_MEAN,
                            Datasets.FASHION_MNIST_STD)
                    .addVariant("label smoothing", b -> b.toBuilder().optLabelSmoothing(0.1).build())
                    .optSeeds(1, 2).optProgress(null).build().run();
            assertEquals(4, r.runs().rowCount());
            assertEquals(List.of("base", "label smoothing"), r.summary().stringColumn("variant").asList());
            assertEquals(2, r.histories().get("label smoothing").size());
            assertTrue(r.meanAccuracy("base") > 0 && r.meanAccuracy("base") <= 1);
            assertThrows(IllegalArgumentException.class, () -> r.meanAccuracy("nope"));
        }
    }

    @Test
    void duplicateNamesAreRejected() {
        try (ImageTensorDataset data = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ablation.builder()
                    .setBase(tiny()).setData(data, data, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .addVariant("base", r -> r).build());
            assertEquals("variant names must be unique, got 'base' twice", e.getMessage());
        }
    }

    /** A variant that cannot be built fails before anything trains, naming the variant. */
    @Test
    void everyVariantIsCheckedBeforeTheFirstRun() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = test.balancedSubset(40, 1)) {
            java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
            Ablation a = Ablation.builder().setBase(tiny()).setData(train, train, Datasets.FASHION_MNIST_MEAN,
                            Datasets.FASHION_MNIST_STD).optProgress(new java.io.PrintStream(progress, true))
                    .addVariant("depth", r -> r.toBuilder().optStochasticDepth(0.1).build()).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::run);
            assertEquals("variant 'depth' (seed 42): stochasticDepth needs a residual model, got 'small_cnn'",
                    e.getMessage());
            Ablation b = Ablation.builder().setBase(tiny()).setData(train, train, Datasets.FASHION_MNIST_MEAN,
                            Datasets.FASHION_MNIST_STD).optProgress(new java.io.PrintStream(progress, true))
                    .addVariant("huge batch", r -> r.toBuilder().optBatchSize(1000).build()).build();
            e = assertThrows(IllegalArgumentException.class, b::run);
            assertTrue(e.getMessage().startsWith("variant 'huge batch' (seed 42): batchSize must be <= the 400 "
                    + "training examples, got 1000"), e.getMessage());
            assertEquals("", progress.toString(), "nothing trained");
        }
    }

    /**
     * A run that diverges (its training loss, or only its validation loss) is a row naming where, the other runs go
     * on, and each finished row is in runs.csv before the next run starts.
     */
    @Test
    void divergedRunsAreRecordedAndTheOthersGoOn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("runs.csv");
        int[] rowsBeforeLast = {-1};
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = test.balancedSubset(40, 1);
                ImageTensorDataset val = test.balancedSubset(10, 2)) {
            Ablation.Result r = Ablation.builder().setBase(tiny()).setData(train, val, Datasets.FASHION_MNIST_MEAN,
                            Datasets.FASHION_MNIST_STD).optProgress(null).optOutput(dir)
                    .addVariant("nan loss", b -> b, (recipe, model, loop) -> {
                        int[] calls = {0};
                        return loop.optLossFunction((x, logits, targets) -> {
                            NDArray ce = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).neg().mean();
                            return ++calls[0] == 3 ? ce.mul(Float.NaN) : ce;
                        });
                    })
                    .addVariant("nan validation", b -> b,
                            (recipe, model, loop) -> loop.optEvalTransform((x, random) -> x.mul(Float.NaN)))
                    .addVariant("last", b -> b.toBuilder().optLabelSmoothing(0.1).build(),
                            (recipe, model, loop) -> loop.addHook(new TrainingHook() {
                                @Override
                                public void onTrainBegin(TrainingLoop.Context context) {
                                    try {
                                        rowsBeforeLast[0] = Files.readAllLines(csv).size() - 1;
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(e);
                                    }
                                }
                            }))
                    .build().run();
            assertEquals(3, rowsBeforeLast[0], "rows in runs.csv when the last run started");
            assertEquals(List.of("ok", "diverged: loss became NaN at epoch 1, step 3",
                    "diverged: validation loss became NaN at epoch 1, step 8", "ok"),
                    r.runs().stringColumn("status").asList());
            assertTrue(Double.isNaN(r.runs().doubleColumn("val_acc").getDouble(1)));
            assertEquals(List.of(0, 1, 1, 0), r.summary().intColumn("diverged").asList());
            double base = r.meanAccuracy("base");
            assertTrue(base > 0.1, "base accuracy " + base);
            assertEquals(r.meanAccuracy("last") - base, r.summary().doubleColumn("delta_vs_first").getDouble(3),
                    1e-12);
            assertEquals(List.of("base", "last"), List.copyOf(r.histories().keySet()));
            Table written = Table.read().csv(csv.toFile());
            assertEquals(4, written.rowCount());
            assertEquals(r.runs().stringColumn("status").asList(), written.stringColumn("status").asList());
            r.write(dir, "test");
            assertTrue(Files.isRegularFile(dir.resolve("summary.png")));
        }
    }
}
