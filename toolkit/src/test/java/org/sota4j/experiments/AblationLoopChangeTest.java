package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.tracker.Tracker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sota4j.augmentation.BatchTransform;
import org.sota4j.augmentation.RandomHorizontalFlip;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;
import org.sota4j.training.History;

import tech.tablesaw.api.Table;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The variants of an {@link Ablation} that change the training loop: augmentation and schedule variants. */
class AblationLoopChangeTest {

    private static Recipe tiny() {
        return Recipe.builder().optModel("small_cnn").optEpochs(2).optBatchSize(50).optLr(0.05).build();
    }

    private static Ablation.Builder on(ImageTensorDataset train, ImageTensorDataset validation) {
        return Ablation.builder().optIncludeBase(false).setBase(tiny())
                .setData(train, validation, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD).optProgress(null);
    }

    @Test
    void eachAugmentationVariantTrainsWithItsOwnAugmentationOnThePixelScale() {
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
            Ablation.Result r = on(train, val).addAugmentationVariant("none", null)
                    .addAugmentationVariant("identity", recorder).optSeeds(3, 4).build().run();
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
            double mean = (r.runs().doubleColumn("val_acc").getDouble(0)
                    + r.runs().doubleColumn("val_acc").getDouble(1)) / 2;
            assertEquals(mean, r.meanAccuracy("none"), 1e-12);
            assertEquals(2, r.histories().get("identity").size());
        }
    }

    @Test
    void withExperimentDataEveryModelIsScoredOnceOnTheTestSplitAndEveryRowWritten(@TempDir Path dir) {
        try (ExperimentData data = ExperimentData.forProfileWithValidation(Profile.SMOKE, 10, 10)) {
            Path file = dir.resolve("runs.csv");
            Ablation.Result r = Ablation.builder().optIncludeBase(false)
                    .setBase(tiny().toBuilder().optEpochs(1).build())
                    .setData(data).addAugmentationVariant("none", null)
                    .addAugmentationVariant("flip", new RandomHorizontalFlip(0.5))
                    .optSeeds(1, 2).optRunsFile(file).optProgress(null).build().run();
            for (double acc : r.runs().doubleColumn("test_acc").asDoubleArray()) {
                assertTrue(acc >= 0 && acc <= 1, "test_acc " + acc);
            }
            assertEquals(4, Table.read().csv(file.toFile()).rowCount());
            assertEquals(2, r.paired().delta("flip").pairs());
        }
    }

    @Test
    void everyScheduleVariantTrainsWithItsOwnTrackerAndTheRunsStepsPerEpoch() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = test.balancedSubset(40, 1);
                ImageTensorDataset val = test.balancedSubset(10, 2)) {
            AtomicInteger seenStepsPerEpoch = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            Tracker spy = numUpdate -> {
                calls.incrementAndGet();
                return 0.02f;
            };
            Ablation.Result r = on(train, val)
                    .addVariant("step, halved every epoch", b -> b.toBuilder()
                            .optLrScheduler(Recipe.LrScheduler.STEPLR).optLrStepSize(1).optLrGamma(0.5).build())
                    .addScheduleVariant("spy", spe -> {
                        seenStepsPerEpoch.set(spe);
                        return spy;
                    })
                    .optSeeds(3).build().run();
            // 400 images in batches of 50: 8 optimizer steps per epoch
            assertEquals(8, seenStepsPerEpoch.get());
            // the optimizer asked the variant's tracker at every update (once per parameter), not only the history
            assertTrue(calls.get() > 2 * 8, "tracker calls " + calls.get());
            History spyRun = r.histories().get("spy").get(0);
            assertEquals(0.02, spyRun.last().lr(), 1e-7);
            assertEquals(16, spyRun.last().step());
            // StepLR(step_size=1, gamma=0.5) stepped per epoch: epoch 1 at 0.05, epoch 2 at 0.025
            History step = r.histories().get("step, halved every epoch").get(0);
            assertEquals(0.05, step.rows().get(0).lr(), 1e-7);
            assertEquals(0.025, step.rows().get(1).lr(), 1e-7);
            assertEquals(List.of("step, halved every epoch", "spy"), r.summary().stringColumn("variant").asList());
            assertEquals(r.runs().doubleColumn("val_acc").getDouble(1), r.meanAccuracy("spy"), 1e-12);
            assertEquals(2, r.runs().intColumn("epochs").getInt(0));
        }
    }

    @Test
    void aScheduleVariantWithRepeatedAugmentationGetsTheSamplersEpochLength() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = test.balancedSubset(40, 1);
                ImageTensorDataset val = test.balancedSubset(10, 2)) {
            AtomicInteger seenStepsPerEpoch = new AtomicInteger();
            // 400 images, cut to torchvision's multiple of 256 on one process: 256 indices an epoch, in batches of 50
            // 6 steps (5 full and one of 6), not the 8 of the whole training split
            Ablation.Result r = Ablation.builder().optIncludeBase(false)
                    .setBase(tiny().toBuilder().optEpochs(1).optRepeatedAugmentation(true).build())
                    .setData(train, val, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD).optProgress(null)
                    .addScheduleVariant("fixed", spe -> {
                        seenStepsPerEpoch.set(spe);
                        return Tracker.fixed(0.05f);
                    }).build().run();
            assertEquals(6, seenStepsPerEpoch.get());
            assertEquals(6, r.histories().get("fixed").get(0).last().step());
        }
    }

    @Test
    void badInputNamesTheParameter() {
        try (ImageTensorDataset data = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            Ablation.Builder b = on(data, data);
            assertEquals("variants must not be empty, got none (addVariant)",
                    assertThrows(IllegalArgumentException.class, b::build).getMessage());
            b.addScheduleVariant("a", spe -> Tracker.fixed(0.1f)).addAugmentationVariant("a", null);
            assertEquals("variant names must be unique, got 'a' twice",
                    assertThrows(IllegalArgumentException.class, b::build).getMessage());
            assertEquals("schedule of variant 'b' must not be null",
                    assertThrows(IllegalArgumentException.class, () -> on(data, data).addScheduleVariant("b", null))
                            .getMessage());
            assertEquals("variant 'c' changes the training loop, which cannot be sent to a worker process: use "
                    + "optWorkers(1) or a recipe setting, got workers 2", assertThrows(IllegalArgumentException.class,
                            () -> on(data, data).addAugmentationVariant("c", null).optWorkers(2).build()).getMessage());
        }
    }
}
