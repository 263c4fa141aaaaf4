package org.sota4j.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.tracker.Tracker;

import org.junit.jupiter.api.Test;

import org.sota4j.training.History;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class ScheduleAblationTest {

    private static Recipe tiny() {
        return Recipe.builder().optModel("small_cnn").optEpochs(2).optBatchSize(50).optLr(0.05).build();
    }

    @Test
    void everyVariantTrainsWithItsOwnScheduleAndTheRunsStepsPerEpoch() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset train = test.balancedSubset(40, 1);
                ImageTensorDataset val = test.balancedSubset(10, 2)) {
            AtomicInteger seenStepsPerEpoch = new AtomicInteger();
            AtomicInteger calls = new AtomicInteger();
            Tracker spy = numUpdate -> {
                calls.incrementAndGet();
                return 0.02f;
            };
            Ablation.Result r = ScheduleAblation.builder().setBase(tiny())
                    .setData(train, val, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD)
                    .addRecipeVariant("step, halved every epoch", b -> b.toBuilder()
                            .optLrScheduler(Recipe.LrScheduler.STEPLR).optLrStepSize(1).optLrGamma(0.5).build())
                    .addVariant("spy", spe -> {
                        seenStepsPerEpoch.set(spe);
                        return spy;
                    })
                    .optSeeds(3).optProgress(null).build().run();
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
    void badInputNamesTheParameter() {
        try (ImageTensorDataset data = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            ScheduleAblation.Builder b = ScheduleAblation.builder().setBase(tiny())
                    .setData(data, data, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD);
            assertEquals("variants must not be empty, got none (addVariant)",
                    assertThrows(IllegalArgumentException.class, b::build).getMessage());
            b.addVariant("a", spe -> Tracker.fixed(0.1f)).addVariant("a", spe -> Tracker.fixed(0.2f));
            assertEquals("variant names must be unique, got 'a' twice",
                    assertThrows(IllegalArgumentException.class, b::build).getMessage());
            assertEquals("base must not use the repeated-augmentation sampler, got raSampler=true",
                    assertThrows(IllegalArgumentException.class, () -> ScheduleAblation.builder()
                            .setBase(tiny().toBuilder().optRepeatedAugmentation(true).build()).build()).getMessage());
        }
    }
}
