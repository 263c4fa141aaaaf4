package org.sota4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

class ModelEmaTest {

    private static final String[] NAMES = {
        "01Linear_weight", "01Linear_bias", "02BatchNorm_gamma", "02BatchNorm_beta", "02BatchNorm_runningMean",
        "02BatchNorm_runningVar"
    };

    private static SequentialBlock model(NDManager manager) {
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(3).build())
                .add(BatchNorm.builder().build());
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        return block;
    }

    /** Element i of every parameter at training step k: a sequence with no closed-form shortcut. */
    private static double value(int k, int i) {
        return Math.sin(0.7 * k + 1.3 * i) + 0.1 * k;
    }

    private static void setWeights(SequentialBlock block, int k) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray array = pair.getValue().getArray();
            float[] values = new float[(int) array.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) value(k, i);
            }
            array.set(values);
        }
    }

    private static Map<String, float[]> snapshot(SequentialBlock block) {
        Map<String, float[]> result = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            result.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
        }
        return result;
    }

    /** E_1 = p_1 (torchvision copies first), E_k = d_k E_{k-1} + (1 - d_k) p_k, in double. */
    private static double expected(double[] decays, int n, int i) {
        double e = value(1, i);
        for (int k = 2; k <= n; k++) {
            e = decays[k] * e + (1 - decays[k]) * value(k, i);
        }
        return e;
    }

    @Test
    void averagesWeightsAndRunningStatisticsInClosedForm() {
        int n = 6;
        double d = 0.9;
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = model(manager);
            try (ModelEma ema = ModelEma.builder().setBlock(block).optDecay(d).optUpdateEvery(1).build()) {
                for (int k = 1; k <= n; k++) {
                    setWeights(block, k);
                    ema.step();
                }
                assertEquals(n, ema.numUpdates());
                for (String name : NAMES) {
                    float[] average = ema.getAverage(name).toFloatArray();
                    for (int i = 0; i < average.length; i++) {
                        // closed form: d^(n-1) p_1 + (1-d) sum_{k=2..n} d^(n-k) p_k
                        double closed = Math.pow(d, n - 1) * value(1, i);
                        for (int k = 2; k <= n; k++) {
                            closed += (1 - d) * Math.pow(d, n - k) * value(k, i);
                        }
                        assertEquals(closed, average[i], 1e-5, name + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void constantWeightsStayConstant() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = model(manager);
            setWeights(block, 3);
            Map<String, float[]> weights = snapshot(block);
            try (ModelEma ema = ModelEma.builder().setBlock(block).optDecay(0.999).optUpdateEvery(1).build()) {
                for (int k = 0; k < 10; k++) {
                    ema.step();
                }
                for (String name : NAMES) {
                    assertArrayEquals(weights.get(name), ema.getAverage(name).toFloatArray(), 5e-6f, name);
                }
            }
        }
    }

    @Test
    void updatesEveryKthStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = model(manager);
            try (ModelEma ema = ModelEma.builder().setBlock(block).optDecay(0.5).optUpdateEvery(3).build()) {
                for (int call = 1; call <= 7; call++) {
                    setWeights(block, call);
                    ema.step();
                }
                assertEquals(2, ema.numUpdates());
                float[] average = ema.getAverage("01Linear_bias").toFloatArray();
                for (int i = 0; i < average.length; i++) { // copy at call 3, then 0.5/0.5 with call 6
                    assertEquals(0.5 * value(3, i) + 0.5 * value(6, i), average[i], 1e-6);
                }
            }
        }
    }

    @Test
    void timmV3WarmupFormula() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = model(manager);
            try (ModelEma ema = ModelEma.builder().setBlock(block).optDecay(0.9998).optUpdateEvery(1)
                    .optWarmup(true).build()) {
                assertEquals(0.0, ema.decayAt(1), 1e-12);
                assertEquals(1 - Math.pow(2, -2.0 / 3), ema.decayAt(2), 1e-12); // 0.37004
                assertEquals(0.37003947505, ema.decayAt(2), 1e-9);
                assertEquals(1 - Math.pow(11, -2.0 / 3), ema.decayAt(11), 1e-12);
                assertEquals(0.9998, ema.decayAt(10_000_000), 1e-12); // capped at the decay
                int n = 5;
                double[] decays = new double[n + 1];
                for (int k = 1; k <= n; k++) {
                    decays[k] = ema.decayAt(k);
                    setWeights(block, k);
                    ema.step();
                }
                float[] average = ema.getAverage("01Linear_weight").toFloatArray();
                for (int i = 0; i < average.length; i++) {
                    assertEquals(expected(decays, n, i), average[i], 1e-5);
                }
            }
            try (ModelEma ema = ModelEma.builder().setBlock(block).optWarmup(2, 0.75).build()) {
                assertEquals(1 - Math.pow(1 + 3 / 2.0, -0.75), ema.decayAt(4), 1e-12);
            }
        }
    }

    /** torchvision: alpha = min(1, (1 - decay) * batch * world * ema_steps / epochs). */
    @Test
    void torchvisionAdjustment() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = model(manager);
            ModelEma ema = ModelEma.builder().setBlock(block).optDecay(0.99998).optUpdateEvery(32)
                    .optAdjustment(1024, 600).build();
            assertEquals(1 - 2e-5 * 1024 * 32 / 600, ema.getDecay(), 1e-12); // 0.998907733
            ModelEma saturated = ModelEma.builder().setBlock(block).optDecay(0.9).optUpdateEvery(32)
                    .optAdjustment(1024, 1).build();
            assertEquals(0.0, saturated.getDecay(), 0.0);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelEma.builder().setBlock(block).optDecay(1.0).build());
            assertTrue(e.getMessage().contains("decay") && e.getMessage().contains("1.0"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> ModelEma.builder().setBlock(block).optUpdateEvery(0).build());
            assertTrue(e.getMessage().contains("updateEvery"), e.getMessage());
        }
    }

    @Test
    void swapInAndOutRestoresExactly() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = model(manager);
            try (ModelEma ema = ModelEma.builder().setBlock(block).optDecay(0.8).optUpdateEvery(1).build()) {
                assertThrows(IllegalStateException.class, ema::useEmaWeights);
                for (int k = 1; k <= 4; k++) {
                    setWeights(block, k);
                    ema.step();
                }
                setWeights(block, 9);
                Map<String, float[]> training = snapshot(block);
                NDArray weightArray = block.getParameters().get("01Linear_weight").getArray();
                try (ModelEma.Swap swap = ema.useEmaWeights()) {
                    for (String name : NAMES) {
                        assertArrayEquals(ema.getAverage(name).toFloatArray(),
                                block.getParameters().get(name).getArray().toFloatArray(), 0f, name);
                    }
                    assertThrows(IllegalStateException.class, ema::update);
                }
                assertSame(weightArray, block.getParameters().get("01Linear_weight").getArray());
                for (String name : NAMES) {
                    assertArrayEquals(training.get(name), block.getParameters().get(name).getArray().toFloatArray(),
                            0f, name);
                }
            }
        }
    }

    @Test
    void resetMakesTheNextUpdateACopy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = model(manager);
            try (ModelEma ema = ModelEma.builder().setBlock(block).optDecay(0.9).optUpdateEvery(1).build()) {
                setWeights(block, 1);
                ema.step();
                setWeights(block, 2);
                ema.reset();
                ema.step();
                assertArrayEquals(block.getParameters().get("01Linear_weight").getArray().toFloatArray(),
                        ema.getAverage("01Linear_weight").toFloatArray(), 0f);
            }
        }
    }

    @Test
    void saveAndLoadOnARebuiltModel() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock first = model(manager);
            SequentialBlock second = model(manager);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ModelEma ema = ModelEma.builder().setBlock(first).optDecay(0.7).optUpdateEvery(2).build();
                    ModelEma restored = ModelEma.builder().setBlock(second).optDecay(0.7).optUpdateEvery(2).build()) {
                for (int k = 1; k <= 5; k++) {
                    setWeights(first, k);
                    ema.step();
                }
                ema.saveState(new DataOutputStream(bytes));
                restored.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
                assertEquals(ema.numUpdates(), restored.numUpdates());
                for (String name : NAMES) {
                    assertArrayEquals(ema.getAverage(name).toFloatArray(), restored.getAverage(name).toFloatArray(),
                            0f, name);
                }
                // both continue identically (call count restored: the next call is an update)
                setWeights(first, 6);
                setWeights(second, 6);
                ema.step();
                restored.step();
                assertEquals(3, restored.numUpdates());
                for (String name : NAMES) {
                    assertArrayEquals(ema.getAverage(name).toFloatArray(), restored.getAverage(name).toFloatArray(),
                            0f, name);
                }
            }
        }
    }
}
