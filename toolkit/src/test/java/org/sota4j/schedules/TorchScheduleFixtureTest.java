package org.sota4j.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.WarmUpTracker;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Compares every schedule with the sequence torch 1.13 prints (get_last_lr() after 0, 1, 2, ... steps), generated
 * by toolkit/src/test/python/make_schedules_losses_fixtures.py.
 */
class TorchScheduleFixtureTest {

    private static JsonObject fixtures;

    @BeforeAll
    static void load() throws Exception {
        try (Reader reader = new InputStreamReader(
                TorchScheduleFixtureTest.class.getResourceAsStream("/fixtures/schedules/torch_schedules.json"),
                StandardCharsets.UTF_8)) {
            fixtures = JsonParser.parseReader(reader).getAsJsonObject();
        }
    }

    static double[] values(String name) {
        JsonArray array = fixtures.getAsJsonObject(name).getAsJsonArray("values");
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).getAsDouble();
        }
        return out;
    }

    static float f(String name, String key) {
        return fixtures.getAsJsonObject(name).get(key).getAsFloat();
    }

    static int i(String name, String key) {
        return fixtures.getAsJsonObject(name).get(key).getAsInt();
    }

    /**
     * valueAt to valueTolerance (1e-9 for the double-precision schedules, 1e-6 where DJL's float WarmUpTracker
     * computes the warmup) and the float tracker values (DJL update k = torch step k-1) to 1e-6, relative.
     */
    static void assertMatches(double[] expected, Schedule schedule, double valueTolerance) {
        float[] sampled = Schedules.sample(schedule, expected.length);
        for (int k = 0; k < expected.length; k++) {
            double scale = Math.max(Math.abs(expected[k]), 1e-12);
            assertEquals(expected[k], schedule.valueAt(k), valueTolerance * scale, "valueAt(" + k + ")");
            assertEquals(expected[k], sampled[k], 1e-6 * scale, "getNewValue(" + (k + 1) + ")");
            assertEquals(sampled[k], schedule.getNewValue(k + 1));
        }
        assertEquals(schedule.valueAt(0), schedule.getNewValue(0), 1e-7 * schedule.valueAt(0));
    }

    static WarmupCosine warmupCosine(String name, WarmUpTracker.Mode mode) {
        return WarmupCosine.builder()
                .setBaseValue(f(name, "lr"))
                .setTotal(i(name, "total"))
                .optWarmup(i(name, "warmup"))
                .optWarmupDecay(f(name, "decay"))
                .optWarmupMode(mode)
                .optFinalValue(f(name, "etaMin"))
                .build();
    }

    @Test
    void linearWarmupCosineMatchesSequentialLr() {
        assertMatches(values("warmupCosineLinear"), warmupCosine("warmupCosineLinear", WarmUpTracker.Mode.LINEAR),
                1e-6);
        assertMatches(values("warmupCosineLong"), warmupCosine("warmupCosineLong", WarmUpTracker.Mode.LINEAR), 1e-6);
    }

    @Test
    void constantWarmupCosineMatchesSequentialLr() {
        assertMatches(values("warmupCosineConstant"),
                warmupCosine("warmupCosineConstant", WarmUpTracker.Mode.CONSTANT), 1e-6);
    }

    @Test
    void noWarmupIsCosineAnnealingLr() {
        assertMatches(values("cosineNoWarmup"), warmupCosine("cosineNoWarmup", WarmUpTracker.Mode.LINEAR), 1e-9);
    }

    @Test
    void epochLengthsSteppedPerIterationScaleByStepsPerEpoch() {
        // torch: LinearLR(total_iters=6), CosineAnnealingLR(T_max=12) stepped per iteration = 2 + 4 epochs of 3
        WarmupCosine schedule = WarmupCosine.builder().setBaseValue(0.5f).setTotal(6).optWarmup(2)
                .optStepsPerEpoch(3).build();
        assertMatches(values("warmupCosineLinearIterations"), schedule, 1e-6);
    }

    @Test
    void perEpochChangesOnlyAtEpochBoundaries() {
        double[] epochs = values("warmupCosineLinear"); // torch stepped once per epoch, 5 warmup of 20 epochs
        int stepsPerEpoch = 7;
        WarmupCosine schedule = WarmupCosine.builder().setBaseValue(0.5f).setTotal(20).optWarmup(5)
                .optFinalValue(0.001f).optStepsPerEpoch(stepsPerEpoch).optPerEpoch(true).build();
        float[] iterations = Schedules.sample(schedule, epochs.length * stepsPerEpoch);
        for (int it = 0; it < iterations.length; it++) {
            double expected = epochs[it / stepsPerEpoch];
            assertEquals(expected, iterations[it], 1e-6 * Math.max(expected, 1e-12), "iteration " + it);
        }
        // the generic wrapper gives the same sequence
        Schedule epochSchedule = warmupCosine("warmupCosineLinear", WarmUpTracker.Mode.LINEAR);
        float[] wrapped = Schedules.sample(Schedules.perEpoch(epochSchedule, stepsPerEpoch), iterations.length);
        for (int it = 0; it < iterations.length; it++) {
            assertEquals(iterations[it], wrapped[it], 1e-6 * iterations[it], "wrapped iteration " + it);
        }
    }

    @Test
    void cosineStaysAtFloorAfterTotal() {
        WarmupCosine schedule = warmupCosine("warmupCosineLinear", WarmUpTracker.Mode.LINEAR);
        for (int step = 20; step < 40; step++) {
            assertEquals(0.001, schedule.valueAt(step), 1e-12);
        }
    }

    @Test
    void sgdrMatchesCosineAnnealingWarmRestarts() {
        for (String name : new String[] {"sgdrMult2", "sgdrMult1"}) {
            CosineWarmRestarts schedule = CosineWarmRestarts.builder().setBaseValue(f(name, "lr"))
                    .setPeriod(i(name, "t0")).optPeriodMultiplier(i(name, "tMult"))
                    .optFinalValue(f(name, "etaMin")).build();
            assertMatches(values(name), schedule, 1e-9);
        }
    }

    @Test
    void sgdrFractionalEpochsMatchTorchStepWithEpoch() {
        String name = "sgdrFractional";
        CosineWarmRestarts schedule = CosineWarmRestarts.builder().setBaseValue(f(name, "lr"))
                .setPeriod(i(name, "t0")).optPeriodMultiplier(i(name, "tMult"))
                .optFinalValue(f(name, "etaMin")).optStepsPerEpoch(i(name, "stepsPerEpoch")).build();
        assertMatches(values(name), schedule, 1e-9);
    }

    @Test
    void stepScheduleMatchesStepLr() {
        String name = "stepLR";
        StepSchedule schedule = StepSchedule.builder().setBaseValue(f(name, "lr")).setStepSize(i(name, "stepSize"))
                .optGamma(f(name, "gamma")).build();
        assertMatches(values(name), schedule, 1e-9);
    }

    @Test
    void oneCycleMatchesOneCycleLr() {
        assertMatches(values("oneCycle"), OneCycle.builder().setMaxValue(0.4f).setTotalSteps(50).build(), 1e-9);
        assertMatches(values("oneCycleThreePhase"),
                OneCycle.builder().setMaxValue(0.4f).setTotalSteps(50).optThreePhase(true).build(), 1e-9);
        OneCycle linear = OneCycle.builder().setMaxValue(0.4f).setTotalSteps(50).optAnneal(Anneal.LINEAR)
                .optPctStart(0.25f).optDivFactor(10).optFinalDivFactor(100).build();
        assertMatches(values("oneCycleLinear"), linear, 1e-9);
    }

    @Test
    void oneCycleEndsAtInitialOverFinalDivAndStaysThere() {
        OneCycle schedule = OneCycle.builder().setMaxValue(0.4f).setTotalSteps(50).build();
        double last = 0.4 / 25 / 1e4;
        assertEquals(last, schedule.valueAt(49), 1e-15);
        assertEquals(last, schedule.valueAt(500), 1e-15);
        assertTrue(schedule.valueAt(14) == 0.4, "peak at pct_start * total - 1");
    }
}
