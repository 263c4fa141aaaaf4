package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset.Usage;
import org.junit.jupiter.api.Test;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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
}
