package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;

import java.util.List;

class EarlyStoppingTest {

    /**
     * With a zero learning rate nothing improves after epoch 1: patience 2 stops after epoch 3 of 10. (A schedule
     * that is 0 at every step: a fixed rate of 0 is refused as a mistake.)
     */
    @Test
    void stopsAfterPatienceEpochsWithoutImprovement() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset data = test.balancedSubset(10, 3);
                Model model = Model.newInstance("es")) {
            model.setBlock(TrainingLoopTest.linear());
            EarlyStopping stopping = EarlyStopping.builder().optPatience(2).build();
            Tracker zero = step -> 0f;
            History h = TrainingLoop.builder().setModel(model).setTrainData(data).optValidationData(data).setEpochs(10)
                    .optBatchSize(20).optLearningRate(zero).optWeightDecay(0f).optProgress(null)
                    .addHook(stopping).build().fit();
            assertEquals(3, h.rows().size());
            assertEquals(1, stopping.getBestEpoch());
            assertEquals(h.rows().get(0).valAcc(), stopping.getBest(), 0);
        }
    }

    /** Training that gets worse after the best epoch ends with the best epoch's weights put back. */
    @Test
    void restoresTheBestWeights() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset data = test.balancedSubset(20, 4);
                Model model = Model.newInstance("es2")) {
            model.setBlock(TrainingLoopTest.linear());
            List<float[]>[] atBest = new List[1];
            EarlyStopping stopping = EarlyStopping.builder().optPatience(1).build();
            TrainingHook recorder = new TrainingHook() {
                @Override
                public boolean afterEpoch(TrainingLoop.Context context, History.Row row) {
                    if (row.epoch() == stopping.getBestEpoch()) {
                        atBest[0] = TrainingLoopTest.weights(model);
                    }
                    return false;
                }
            };
            // a huge learning rate makes the linear model oscillate, so some later epoch is worse than the best
            TrainingLoop.builder().setModel(model).setTrainData(data).optValidationData(data).setEpochs(6)
                    .optBatchSize(50).optLearningRate(Tracker.fixed(5f)).optWeightDecay(0f).optProgress(null)
                    .addHook(stopping).addHook(recorder).build().fit();
            List<float[]> end = TrainingLoopTest.weights(model);
            for (int i = 0; i < end.size(); i++) {
                assertArrayEquals(atBest[0].get(i), end.get(i), 0f, "parameter " + i);
            }
        }
    }

    @Test
    void badValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EarlyStopping.builder().optPatience(0).build());
        assertEquals("patience must be >= 1, got 0", e.getMessage());
    }
}
