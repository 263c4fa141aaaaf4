package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset.Usage;

import org.junit.jupiter.api.Test;

import org.sota4j.augmentation.BatchTransform;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class AugmentationAblationTest {

    private static Recipe tiny() {
        return Recipe.builder().optModel("small_cnn").optEpochs(2).optBatchSize(50).optLr(0.05).build();
    }

    @Test
    void eachVariantTrainsWithItsOwnAugmentationOnThePixelScale() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = test.balancedSubset(20, 1);
                ImageTensorDataset val = test.balancedSubset(10, 2)) {
            AtomicInteger seen = new AtomicInteger();
            float[] max = {0};
            BatchTransform recorder = (images, random) -> {
                seen.addAndGet((int) images.getShape().get(0));
                max[0] = Math.max(max[0], images.max().getFloat());
                return images;
            };
            Ablation.Result r = AugmentationAblation.builder().setBase(tiny())
                    .setData(train, val, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .addVariant("none", null).addVariant("identity", recorder)
                    .optSeeds(3, 4).optProgress(null).build().run();
            // the recorder saw every training image of both epochs of both seeds, before normalization
            assertEquals(200 * 2 * 2, seen.get());
            assertTrue(max[0] > 200, "augmentation must see 0..255 pixels, max was " + max[0]);
            assertEquals(4, r.runs().rowCount());
            assertEquals(List.of("none", "identity"), r.summary().stringColumn("variant").asList());
            // an identity augmentation must train exactly as no augmentation with the same seed
            for (int i = 0; i < 2; i++) {
                assertEquals(r.runs().doubleColumn("train_loss").getDouble(i),
                        r.runs().doubleColumn("train_loss").getDouble(i + 2), 1e-6);
                assertEquals(r.runs().doubleColumn("val_acc").getDouble(i),
                        r.runs().doubleColumn("val_acc").getDouble(i + 2), 1e-9);
            }
            double mean = (r.runs().doubleColumn("val_acc").getDouble(0) + r.runs().doubleColumn("val_acc").getDouble(1)) / 2;
            assertEquals(mean, r.meanAccuracy("none"), 1e-12);
            assertEquals(2, r.histories().get("identity").size());
        }
    }

    @Test
    void withExperimentDataEveryModelIsScoredOnceOnTheTestSplitAndEveryRowWritten(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        try (ExperimentData data = ExperimentData.forProfileWithValidation(Profile.SMOKE, 10, 10)) {
            java.nio.file.Path file = dir.resolve("runs.csv");
            Ablation.Result r = AugmentationAblation.builder().setBase(tiny().toBuilder().optEpochs(1).build())
                    .setData(data).addVariant("none", null).addVariant("flip", new org.sota4j.augmentation
                            .RandomHorizontalFlip(0.5)).optSeeds(1, 2).optRunsFile(file).optProgress(null).build().run();
            for (double acc : r.runs().doubleColumn("test_acc").asDoubleArray()) {
                assertTrue(acc >= 0 && acc <= 1, "test_acc " + acc);
            }
            assertEquals(4, tech.tablesaw.api.Table.read().csv(file.toFile()).rowCount());
            assertEquals(2, r.paired().delta("flip").pairs());
        }
    }

    @Test
    void badSettingsAreRejectedWithTheirValues() {
        try (ImageTensorDataset data = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> AugmentationAblation.builder()
                    .setBase(tiny()).setData(data, data, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .addVariant("a", null).addVariant("a", null).build());
            assertTrue(dup.getMessage().contains("'a'"), dup.getMessage());
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> AugmentationAblation
                    .builder().setBase(tiny()).setData(data, data, Datasets.FASHION_MNIST_MEAN,
                            Datasets.FASHION_MNIST_STD).build());
            assertTrue(empty.getMessage().contains("variants"), empty.getMessage());
            assertThrows(IllegalArgumentException.class, () -> AugmentationAblation.builder().addVariant("a", null).build());
        }
    }
}
