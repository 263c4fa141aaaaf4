package org.sota4j.schedules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ScheduleValidationTest {

    static void rejects(Executable build, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void warmupCosineRejectsBadSettings() {
        rejects(() -> WarmupCosine.builder().setBaseValue(-1f).setTotal(10).build(), "baseValue", "-1.0");
        rejects(() -> WarmupCosine.builder().setTotal(10).build(), "baseValue", "NaN");
        rejects(() -> WarmupCosine.builder().setBaseValue(1f).setTotal(5).optWarmup(5).build(), "total", "5");
        rejects(() -> WarmupCosine.builder().setBaseValue(1f).setTotal(5).optWarmup(-2).build(), "warmup", "-2");
        rejects(() -> WarmupCosine.builder().setBaseValue(1f).setTotal(5).optFinalValue(-0.5f).build(),
                "finalValue", "-0.5");
        rejects(() -> WarmupCosine.builder().setBaseValue(1f).setTotal(5).optWarmupDecay(0f).build(),
                "warmupDecay", "0.0", "(0, 1]");
        rejects(() -> WarmupCosine.builder().setBaseValue(1f).setTotal(5).optWarmupDecay(1.5f)
                .optWarmupMode(WarmUpTracker.Mode.CONSTANT).build(), "warmupDecay", "1.5");
        rejects(() -> WarmupCosine.builder().setBaseValue(1f).setTotal(5).optStepsPerEpoch(0).build(),
                "stepsPerEpoch", "0");
        rejects(() -> WarmupCosine.builder().setBaseValue(1f).setTotal(5).optPerEpoch(true).build(), "perEpoch");
        WarmupCosine ok = WarmupCosine.builder().setBaseValue(1f).setTotal(5).build();
        rejects(() -> ok.valueAt(-1), "step", "-1");
        rejects(() -> ok.getNewValue(-3), "numUpdate", "-3");
    }

    @Test
    void otherSchedulesRejectBadSettings() {
        rejects(() -> CosineWarmRestarts.builder().setBaseValue(1f).build(), "period", "-1");
        rejects(() -> CosineWarmRestarts.builder().setBaseValue(1f).setPeriod(3).optPeriodMultiplier(0).build(),
                "periodMultiplier", "0");
        rejects(() -> StepSchedule.builder().setBaseValue(1f).setStepSize(0).build(), "stepSize", "0");
        rejects(() -> StepSchedule.builder().setBaseValue(1f).setStepSize(2).optGamma(-0.1f).build(),
                "gamma", "-0.1");
        rejects(() -> OneCycle.builder().setMaxValue(1f).setTotalSteps(0).build(), "totalSteps", "0");
        rejects(() -> OneCycle.builder().setMaxValue(1f).setTotalSteps(10).optPctStart(1f).build(),
                "pctStart", "1.0");
        rejects(() -> OneCycle.builder().setMaxValue(1f).setTotalSteps(3).build(), "pctStart=0.3", "totalSteps=3");
        rejects(() -> OneCycle.builder().setMaxValue(1f).setTotalSteps(10).optDivFactor(0).build(),
                "divFactor", "0.0");
        rejects(() -> Schedules.sample(Tracker.fixed(1f), -1), "steps", "-1");
        rejects(() -> Schedules.perEpoch(Tracker.fixed(1f), 0), "stepsPerEpoch", "0");
    }

    @Test
    void sampleFollowsDjlUpdateCount() {
        Tracker counter = numUpdate -> numUpdate;
        assertArrayEquals(new float[] {1, 2, 3}, Schedules.sample(counter, 3));
        assertArrayEquals(new float[] {1, 1, 2, 2, 3}, Schedules.sample(Schedules.perEpoch(counter, 2), 5));
    }
}
