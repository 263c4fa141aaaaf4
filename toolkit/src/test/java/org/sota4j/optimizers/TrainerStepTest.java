package org.sota4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * The toolkit's optimizers inside a plain DJL {@link Trainer}: after every {@code trainer.step()} the gradients are
 * zero (as with DJL's own optimizers), so several steps of {@link Sgd} give exactly DJL's sgd.
 */
class TrainerStepTest {

    private static final int STEPS = 4;
    /** A rate that changes every step; with momentum 0 DJL's sgd is torch's. */
    private static final Tracker DECAYING = step -> 0.2f / step;
    /**
     * A fixed rate for momentum: DJL's sgd keeps the rate inside its momentum buffer ({@code v = m v - lr g},
     * MXNet's form) where torch keeps it outside ({@code v = m v + g}, {@code w -= lr v}); they agree at a fixed rate.
     */
    private static final Tracker FIXED = Tracker.fixed(0.1f);

    /** Regression data: 64 examples of 4 features, targets of 3 outputs, in batches of 16, not shuffled. */
    private static ArrayDataset data(NDManager manager) {
        NDArray x = manager.randomNormal(new Shape(64, 4));
        NDArray y = manager.randomNormal(new Shape(64, 3));
        return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(16, false).build();
    }

    private static List<float[]> weights(Model model) {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static double gradientNorm(Model model) {
        double sum = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            NDArray array = p.getValue().getArray();
            if (array.hasGradient()) {
                try (NDArray grad = array.getGradient(); NDArray sq = grad.square(); NDArray s = sq.sum()) {
                    sum += s.getFloat();
                }
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Trains with {@code optimizer} on the dataset: step by step through {@link EasyTrain#trainBatch} and
     * {@code trainer.step()} (checking after each step that no gradient is left), or with {@link EasyTrain#fit}.
     * Returns the weights after each step (one entry for fit).
     */
    private static List<List<float[]>> train(Optimizer optimizer, boolean fit) throws Exception {
        Engine.getInstance().setRandomSeed(7);
        List<List<float[]>> after = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(); Model model = Model.newInstance("linear")) {
            ArrayDataset dataset = data(manager);
            model.setBlock(Linear.builder().setUnits(3).build());
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 4));
            model.getBlock().getParameters().get("weight").getArray()
                    .set(manager.arange(12f).reshape(3, 4).div(10f).toFloatArray());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
                trainer.initialize(new Shape(1, 4));
                if (fit) {
                    EasyTrain.fit(trainer, 1, dataset, null);
                    assertEquals(0.0, gradientNorm(model), 0.0, "gradient left after fit");
                    after.add(weights(model));
                } else {
                    for (Batch batch : trainer.iterateDataset(dataset)) {
                        EasyTrain.trainBatch(trainer, batch);
                        trainer.step();
                        batch.close();
                        assertEquals(0.0, gradientNorm(model), 0.0, "gradient left after step " + (after.size() + 1));
                        after.add(weights(model));
                    }
                }
            }
        }
        return after;
    }

    private static void assertSameWeights(List<List<float[]>> expected, List<List<float[]>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int s = 0; s < expected.size(); s++) {
            for (int p = 0; p < expected.get(s).size(); p++) {
                assertArrayEquals(expected.get(s).get(p), actual.get(s).get(p), 1e-5f,
                        "parameter " + p + " after step " + (s + 1));
            }
        }
    }

    @Test
    void sgdLeavesNoGradientAndMatchesDjlSgdStepByStep() throws Exception {
        List<List<float[]>> djl = train(Optimizer.sgd().setLearningRateTracker(FIXED).optMomentum(0.9f).build(), false);
        assertEquals(STEPS, djl.size());
        try (Sgd sgd = Sgd.builder().setLearningRateTracker(FIXED).optMomentum(0.9f).build()) {
            assertSameWeights(djl, train(sgd, false));
        }
    }

    @Test
    void sgdWithAChangingRateInEasyTrainFitMatchesDjlSgd() throws Exception {
        List<List<float[]>> djl = train(Optimizer.sgd().setLearningRateTracker(DECAYING).build(), true);
        try (Sgd sgd = Sgd.builder().setLearningRateTracker(DECAYING).build()) {
            assertSameWeights(djl, train(sgd, true));
        }
    }

    /** AdamW with no weight decay is Adam: DJL's adam (bias-corrected, torch's defaults) step by step. */
    @Test
    void adamWLeavesNoGradientAndMatchesDjlAdamStepByStep() throws Exception {
        Tracker lr = Tracker.fixed(0.01f);
        List<List<float[]>> djl = train(Optimizer.adam().optLearningRateTracker(lr).build(), false);
        try (AdamW adamW = AdamW.builder().setLearningRateTracker(lr).build()) {
            assertSameWeights(djl, train(adamW, false));
        }
    }

    /** A NaN or infinite gradient is cleared to exactly zero (subtracting it from itself would leave NaN). */
    @Test
    void zeroGradientClearsNonFiniteValues() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = w.mul(manager.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1f})).sum();
                collector.backward(loss);
            }
            StatefulOptimizer.zeroGradient(w);
            assertArrayEquals(new float[] {0f, 0f, 0f}, w.getGradient().toFloatArray());
        }
    }
}
