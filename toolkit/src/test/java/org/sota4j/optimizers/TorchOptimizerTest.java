package org.sota4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.function.BiFunction;

/** Compares Sgd and AdamW step by step with torch 1.13 (fixtures from optimizers_fixtures.py). */
class TorchOptimizerTest {

    private static final float TOLERANCE = 1e-6f;

    /** A 4 -> 3 linear layer whose weight/bias are set to the fixture's initial values. */
    private static Linear linear(NDManager manager, JsonObject fixture) {
        Linear linear = Linear.builder().setUnits(3).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
        weight(linear).getArray().set(Fixtures.floats(fixture.get("weight")));
        bias(linear).getArray().set(Fixtures.floats(fixture.get("bias")));
        return linear;
    }

    private static Parameter weight(Linear linear) {
        return linear.getParameters().get("weight");
    }

    private static Parameter bias(Linear linear) {
        return linear.getParameters().get("bias");
    }

    private static Tracker lrs(JsonObject fixture) {
        float[] lrs = Fixtures.floats(fixture.get("lr"));
        return step -> lrs[step - 1]; // DJL counts updates from 1
    }

    private static WeightDecayGroups groups(Linear linear, JsonObject fixture) {
        return WeightDecayGroups.builder()
                .setBlock(linear)
                .optWeightDecay(fixture.get("weightDecay").getAsFloat())
                .optBiasWeightDecay(fixture.get("biasWeightDecay").getAsFloat())
                .build();
    }

    /** Applies steps [from, to) of the fixture's gradients and checks the parameters after each. */
    private static void runSteps(NDManager manager, StatefulOptimizer optimizer, Linear linear, JsonObject fixture,
            int from, int to) {
        for (int step = from; step < to; step++) {
            NDArray gw = manager.create(Fixtures.floats(fixture.getAsJsonArray("gradWeight").get(step)),
                    new Shape(3, 4));
            NDArray gb = manager.create(Fixtures.floats(fixture.getAsJsonArray("gradBias").get(step)));
            float[] gwBefore = gw.toFloatArray();
            optimizer.update(weight(linear).getId(), weight(linear).getArray(), gw);
            optimizer.update(bias(linear).getId(), bias(linear).getArray(), gb);
            assertArrayEquals(gwBefore, gw.toFloatArray(), "the gradient must not be modified");
            JsonObject after = fixture.getAsJsonArray("after").get(step).getAsJsonObject();
            assertArrayEquals(Fixtures.floats(after.get("weight")), weight(linear).getArray().toFloatArray(),
                    TOLERANCE, "weight after step " + step);
            assertArrayEquals(Fixtures.floats(after.get("bias")), bias(linear).getArray().toFloatArray(),
                    TOLERANCE, "bias after step " + step);
            assertEquals(step + 1, optimizer.getNumSteps());
        }
    }

    private static void matchesTorch(String name, BiFunction<Linear, JsonObject, StatefulOptimizer> factory)
            throws Exception {
        JsonObject fixture = Fixtures.load(name);
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = linear(manager, fixture);
            try (StatefulOptimizer optimizer = factory.apply(linear, fixture)) {
                runSteps(manager, optimizer, linear, fixture, 0, 5);
            }
        }
    }

    private static Sgd sgd(Linear linear, JsonObject fixture) {
        return Sgd.builder()
                .setLearningRateTracker(lrs(fixture))
                .optMomentum(fixture.get("momentum").getAsFloat())
                .optNesterov(fixture.get("nesterov").getAsBoolean())
                .optWeightDecayGroups(groups(linear, fixture))
                .build();
    }

    private static AdamW adamW(Linear linear, JsonObject fixture) {
        return AdamW.builder()
                .setLearningRateTracker(lrs(fixture))
                .optBeta1(fixture.get("beta1").getAsFloat())
                .optBeta2(fixture.get("beta2").getAsFloat())
                .optEpsilon(fixture.get("epsilon").getAsFloat())
                .optWeightDecayGroups(groups(linear, fixture))
                .build();
    }

    @Test
    void sgdNesterovMatchesTorch() throws Exception {
        matchesTorch("sgd_nesterov.json", TorchOptimizerTest::sgd);
    }

    @Test
    void sgdMomentumMatchesTorch() throws Exception {
        matchesTorch("sgd_momentum.json", TorchOptimizerTest::sgd);
    }

    @Test
    void adamWMatchesTorch() throws Exception {
        matchesTorch("adamw.json", TorchOptimizerTest::adamW);
    }

    /** Saving after two steps and loading into a fresh optimizer on a rebuilt model continues exactly as torch. */
    @Test
    void stateSurvivesSaveAndLoadOnARebuiltModel() throws Exception {
        for (String name : new String[] {"adamw.json", "sgd_nesterov.json"}) {
            JsonObject fixture = Fixtures.load(name);
            boolean adam = name.startsWith("adam");
            try (NDManager manager = NDManager.newBaseManager()) {
                Linear first = linear(manager, fixture);
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (StatefulOptimizer optimizer = adam ? adamW(first, fixture) : sgd(first, fixture)) {
                    runSteps(manager, optimizer, first, fixture, 0, 2);
                    optimizer.saveState(new DataOutputStream(bytes), first);
                }
                // a new model object: new parameter ids, same architecture and weights
                Linear second = linear(manager, fixture);
                weight(second).getArray().set(weight(first).getArray().toFloatArray());
                bias(second).getArray().set(bias(first).getArray().toFloatArray());
                try (StatefulOptimizer optimizer = adam ? adamW(second, fixture) : sgd(second, fixture)) {
                    optimizer.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), second);
                    assertEquals(2, optimizer.getNumSteps());
                    assertEquals(2, optimizer.getStep(weight(second).getId()));
                    runSteps(manager, optimizer, second, fixture, 2, 5);
                }
            }
        }
    }

    @Test
    void loadingAnotherOptimizersStateFails() throws Exception {
        JsonObject fixture = Fixtures.load("adamw.json");
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear linear = linear(manager, fixture);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (AdamW adamW = adamW(linear, fixture)) {
                runSteps(manager, adamW, linear, fixture, 0, 1);
                adamW.saveState(new DataOutputStream(bytes), linear);
            }
            try (Sgd sgd = Sgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).build()) {
                assertThrows(java.io.IOException.class, () -> sgd.loadState(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), linear));
            }
        }
    }

    /** DJL's rescaleGrad and clipGrad act on the gradient before the torch update. */
    @Test
    void rescaleAndClipGradApplyBeforeTheUpdate() {
        try (NDManager manager = NDManager.newBaseManager();
                Sgd sgd = Sgd.builder().setLearningRateTracker(Tracker.fixed(1f)).setRescaleGrad(0.5f)
                        .optClipGrad(1f).build()) {
            NDArray w = manager.zeros(new Shape(3));
            sgd.update("p", w, manager.create(new float[] {1f, -4f, 10f}));
            assertArrayEquals(new float[] {-0.5f, 1f, -1f}, w.toFloatArray(), 1e-7f);
        }
    }

    /** A backbone multiplier of 0.1 gives 0.1 of the step; parameters not in the map use the full rate. */
    @Test
    void learningRateMultiplierScalesTheStep() {
        try (NDManager manager = NDManager.newBaseManager();
                Sgd sgd = Sgd.builder().setLearningRateTracker(Tracker.fixed(1f))
                        .optLearningRateMultipliers(java.util.Map.of("backbone", 0.1f)).build()) {
            NDArray a = manager.zeros(new Shape(2));
            NDArray b = manager.zeros(new Shape(2));
            sgd.update("backbone", a, manager.ones(new Shape(2)));
            sgd.update("head", b, manager.ones(new Shape(2)));
            assertArrayEquals(new float[] {-0.1f, -0.1f}, a.toFloatArray(), 1e-7f);
            assertArrayEquals(new float[] {-1f, -1f}, b.toFloatArray(), 1e-7f);
        }
    }

    @Test
    void badHyperparametersAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(1f).build());
        assertTrue(e.getMessage().contains("momentum") && e.getMessage().contains("1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AdamW.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optBeta2(-0.1f).build());
        assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sgd.builder().build());
        assertTrue(e.getMessage().contains("learningRateTracker"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder().setLearningRateTracker(Tracker.fixed(0.1f)).optNesterov(true).build());
        assertTrue(e.getMessage().contains("nesterov"), e.getMessage());
    }

    /** A fixed rate of 0 or less is refused when built; a schedule's negative or NaN rate at the step it appears. */
    @Test
    void negativeOrNonFiniteLearningRatesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder().setLearningRateTracker(Tracker.fixed(-0.1f)).build());
        assertEquals("learningRateTracker is a fixed rate, which must be a finite number > 0, got -0.1",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AdamW.builder().setLearningRateTracker(Tracker.fixed(0f)).build());
        assertEquals("learningRateTracker is a fixed rate, which must be a finite number > 0, got 0.0",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AdamW.builder().setLearningRateTracker(Tracker.fixed(Float.POSITIVE_INFINITY)).build());
        assertEquals("learningRateTracker is a fixed rate, which must be a finite number > 0, got Infinity",
                e.getMessage());
        // warmup from 0: a rate of exactly 0 at step 1 leaves the weight as it is; step 3's negative rate is refused
        Tracker schedule = k -> k == 1 ? 0f : k == 2 ? 0.5f : -0.5f;
        Tracker nanAtStep2 = k -> k == 1 ? 0.1f : Float.NaN;
        try (NDManager manager = NDManager.newBaseManager();
                Sgd sgd = Sgd.builder().setLearningRateTracker(schedule).build();
                AdamW adamW = AdamW.builder().setLearningRateTracker(nanAtStep2).build()) {
            NDArray w = manager.zeros(new Shape(2));
            NDArray g = manager.ones(new Shape(2));
            sgd.update("p", w, g);
            assertArrayEquals(new float[] {0f, 0f}, w.toFloatArray(), 0f);
            sgd.update("p", w, g);
            assertArrayEquals(new float[] {-0.5f, -0.5f}, w.toFloatArray(), 0f);
            e = assertThrows(IllegalArgumentException.class, () -> sgd.update("p", w, g));
            assertEquals("learning rate must be a finite number >= 0, got -0.5 at step 3", e.getMessage());
            assertArrayEquals(new float[] {-0.5f, -0.5f}, w.toFloatArray(), 0f, "a refused step changes nothing");
            NDArray v = manager.zeros(new Shape(2));
            adamW.update("q", v, g);
            e = assertThrows(IllegalArgumentException.class, () -> adamW.update("q", v, g));
            assertEquals("learning rate must be a finite number >= 0, got NaN at step 2", e.getMessage());
        }
    }
}
