package org.sota4j.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Function;

class DropPathTest {

    private static final int N = 40_000;

    /** Every sample of the output is either all zeros or exactly x / (1 - p); returns drops. */
    private static int checkPerSampleMask(NDArray x, NDArray y, float p) {
        float[] xs = x.toFloatArray();
        float[] ys = y.toFloatArray();
        int per = xs.length / (int) x.getShape().get(0);
        int dropped = 0;
        for (int i = 0; i < x.getShape().get(0); i++) {
            boolean zero = ys[i * per] == 0f;
            for (int j = i * per; j < (i + 1) * per; j++) {
                float expected = zero ? 0f : xs[j] / (1f - p);
                assertEquals(expected, ys[j], 1e-5f * Math.max(1f, Math.abs(expected)),
                        "sample " + i + " is not masked as a whole");
            }
            if (zero) {
                dropped++;
            }
        }
        return dropped;
    }

    private static void checkStatistics(Function<NDArray, NDArray> op, float p) {
        try (NDManager m = NDManager.newBaseManager()) {
            // the same sample repeated N times: the batch mean of the output estimates E[y] = x
            NDArray sample = m.create(new float[] {0.5f, -1f, 2f, 3f, -4f, 1.5f}, new Shape(1, 6, 1, 1));
            NDArray x = sample.repeat(0, N);
            NDArray y = op.apply(x);
            assertEquals(x.getShape(), y.getShape());
            float[] mean = y.mean(new int[] {0}).toFloatArray();
            float[] expected = sample.toFloatArray();
            for (int c = 0; c < expected.length; c++) {
                // std of the mean: |x| sqrt(p / (1 - p) / N), about 0.003 |x|; allow 5 sigma
                assertEquals(expected[c], mean[c], 0.02f * Math.abs(expected[c]),
                        "mean over samples of channel " + c);
            }
            int dropped = checkPerSampleMask(x, y, p);
            double sd = Math.sqrt(N * p * (1 - p));
            assertEquals(N * p, dropped, 5 * sd, "number of dropped samples");
        }
    }

    @Test
    void javaRandomKeepsExpectationWithPerSampleMask() {
        Random random = new Random(7);
        checkStatistics(x -> DropPath.dropPath(x, 0.3f, true, random), 0.3f);
    }

    @Test
    void engineRandomKeepsExpectationWithPerSampleMask() {
        Engine.getInstance().setRandomSeed(11);
        checkStatistics(x -> DropPath.dropPath(x, 0.25f, true), 0.25f);
    }

    @Test
    void blockUsesTrainingFlag() {
        try (NDManager m = NDManager.newBaseManager()) {
            DropPath block = DropPath.builder().setDropProbability(0.5f).optRandom(new Random(1)).build();
            block.initialize(m, DataType.FLOAT32, new Shape(64, 2, 3, 3));
            NDArray x = m.randomNormal(new Shape(64, 2, 3, 3));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray eval = block.forward(ps, new NDList(x), false).singletonOrThrow();
            assertEquals(x, eval);
            NDArray train = block.forward(ps, new NDList(x), true).singletonOrThrow();
            int dropped = checkPerSampleMask(x, train, 0.5f);
            assertTrue(dropped > 10 && dropped < 54, "dropped " + dropped + " of 64 with p = 0.5");
        }
    }

    @Test
    void identityInInferenceOrWithZeroProbability() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomNormal(new Shape(8, 3, 4, 4));
            assertSame(x, DropPath.dropPath(x, 0.5f, false));
            assertSame(x, DropPath.dropPath(x, 0.5f, false, new Random(1)));
            assertSame(x, DropPath.dropPath(x, 0f, true));
            assertSame(x, DropPath.dropPath(x, 0f, true, new Random(1)));
        }
    }

    @Test
    void seededRandomReplaysAndMaskWorksForAnyRank() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(256, 5));
            NDArray a = DropPath.dropPath(x, 0.5f, true, new Random(3));
            NDArray b = DropPath.dropPath(x, 0.5f, true, new Random(3));
            assertEquals(a, b);
            assertNotEquals(a, DropPath.dropPath(x, 0.5f, true, new Random(4)));
            checkPerSampleMask(x, a, 0.5f);
        }
    }

    @Test
    void linearProbabilitiesFollowLinspace() {
        float[] p = DropPath.linearProbabilities(5, 0.2f);
        assertArrayEquals(new float[] {0f, 0.05f, 0.1f, 0.15f, 0.2f}, p, 1e-7f);
        assertArrayEquals(new float[] {0f}, DropPath.linearProbabilities(1, 0.2f));
        assertArrayEquals(new float[3], DropPath.linearProbabilities(3, 0f));
    }

    @Test
    void badInputIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 2));
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> DropPath.dropPath(x, 1f, true));
            assertTrue(e.getMessage().contains("1.0"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> DropPath.dropPath(x, -0.1f, true, new Random()));
            assertThrows(IllegalArgumentException.class, () -> DropPath.dropPath(x, 0.1f, true, null));
        }
        assertThrows(IllegalArgumentException.class, () -> DropPath.linearProbabilities(0, 0.1f));
        assertThrows(IllegalArgumentException.class, () -> DropPath.builder().build());
        assertThrows(IllegalArgumentException.class, () -> DropPath.builder().setDropProbability(Float.NaN).build());
    }
}
