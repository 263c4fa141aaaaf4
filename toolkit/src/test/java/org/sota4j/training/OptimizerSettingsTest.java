package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.optimizers.Sgd;

/** The history logs the rate the optimizer used, and settings an explicit optimizer would ignore are refused. */
class OptimizerSettingsTest {

    private static ImageTensorDataset full;
    private static ImageTensorDataset train;

    @BeforeAll
    static void load() {
        full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
        train = full.balancedSubset(20, 1);
    }

    @AfterAll
    static void close() {
        train.close();
        full.close();
    }

    private static TrainingLoop.Builder loop(Model model) {
        model.setBlock(TrainingLoopTest.linear());
        return TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(3).optBatchSize(50)
                .optProgress(null);
    }

    /** 200 images in batches of 50: 4 steps per epoch, the epochs' last steps are 4, 8 and 12. */
    @Test
    void loggedRateIsTheOptimizersAtTheEpochsLastStep() {
        Tracker rising = step -> 0.001f * step;
        try (Model model = Model.newInstance("own tracker")) {
            History h = loop(model).optOptimizer(Sgd.builder().setLearningRateTracker(rising).build()).build().fit();
            for (History.Row r : h.rows()) {
                assertEquals(4L * r.epoch(), r.step());
                assertEquals(0.001f * r.step(), r.lr(), 0.0, "epoch " + r.epoch());
            }
        }
        try (Model model = Model.newInstance("fixed")) {
            History h = loop(model).optOptimizer(Sgd.builder().setLearningRateTracker(Tracker.fixed(0.02f)).build())
                    .build().fit();
            h.rows().forEach(r -> assertEquals(0.02f, r.lr(), 0.0, "epoch " + r.epoch()));
        }
        try (Model model = Model.newInstance("default")) {
            History h = loop(model).optLearningRate(rising).build().fit();
            assertEquals(0.001f * 12, h.last().lr(), 0.0);
        }
        try (Model model = Model.newInstance("DJL's sgd")) {
            Optimizer djl = Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.02f)).build();
            History h = loop(model).optOptimizer(djl).build().fit();
            h.rows().forEach(r -> assertTrue(Double.isNaN(r.lr()), "a rate that cannot be read is NaN, got " + r.lr()));
        }
    }

    @Test
    void settingsTheOptimizerWouldIgnoreAreRefused() {
        Tracker lr = Tracker.fixed(0.02f);
        try (Model model = Model.newInstance("refused")) {
            Sgd sgd = Sgd.builder().setLearningRateTracker(lr).build();
            var e = assertThrows(IllegalArgumentException.class,
                    () -> loop(model).optOptimizer(sgd).optWeightDecay(5e-4f).build());
            assertEquals("weightDecay (optWeightDecay, got 5.0E-4) is only used by the default optimizer, and "
                    + "optOptimizer sets Sgd: give the decay to that optimizer (e.g. Sgd.builder().optWeightDecays("
                    + "5.0E-4) or optWeightDecayGroups) and drop optWeightDecay", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> loop(model).optOptimizer(sgd).optLearningRate(Tracker.fixed(0.1f)).build());
            assertEquals("learningRate (optLearningRate) is only used by the default optimizer, and optOptimizer sets "
                    + "Sgd with another tracker: set the schedule on that optimizer (setLearningRateTracker) and drop "
                    + "optLearningRate; the history logs the rate of a toolkit optimizer's tracker (NaN for DJL's own)",
                    e.getMessage());
            Optimizer djl = Optimizer.sgd().setLearningRateTracker(lr).build();
            e = assertThrows(IllegalArgumentException.class,
                    () -> loop(model).optOptimizer(djl).optLearningRate(lr).build());
            assertTrue(e.getMessage().startsWith("learningRate (optLearningRate) is only used by the default "
                    + "optimizer, and optOptimizer sets Sgd with its own rate: "), e.getMessage());
            // the very tracker the optimizer uses is not ignored
            assertDoesNotThrow(() -> loop(model).optOptimizer(sgd).optLearningRate(lr).build());
        }
    }
}
