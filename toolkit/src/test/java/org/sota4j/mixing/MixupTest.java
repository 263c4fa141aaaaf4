package org.sota4j.mixing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import org.junit.jupiter.api.Test;

import java.util.Random;

class MixupTest {

    static NDArray smoothedOneHot(NDManager m, int[] labels, int classes, float smoothing) {
        float[] t = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            for (int k = 0; k < classes; k++) {
                t[i * classes + k] = smoothing / classes + (k == labels[i] ? 1 - smoothing : 0);
            }
        }
        return m.create(t, new Shape(labels.length, classes));
    }

    @Test
    void valuesEqualTheMixupFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 4, c = 3, h = 5, w = 6, k = 10;
            Random random = new Random(1);
            float[] x = new float[n * c * h * w];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            int[] labels = {3, 7, 0, 3};
            NDArray images = m.create(x, new Shape(n, c, h, w));
            NDArray targets = smoothedOneHot(m, labels, k, 0.1f);
            float[] t = targets.toFloatArray();
            double lambda = 0.37;
            NDList out = Mixup.apply(images, targets, lambda);
            float[] mixed = out.get(0).toFloatArray();
            float[] mixedT = out.get(1).toFloatArray();
            int per = c * h * w;
            for (int i = 0; i < n; i++) {
                int j = (i + n - 1) % n; // torch roll(1, 0): row i takes row i - 1
                for (int p = 0; p < per; p++) {
                    assertEquals(lambda * x[i * per + p] + (1 - lambda) * x[j * per + p],
                            mixed[i * per + p], 1e-5);
                }
                double rowSum = 0;
                for (int q = 0; q < k; q++) {
                    assertEquals(lambda * t[i * k + q] + (1 - lambda) * t[j * k + q],
                            mixedT[i * k + q], 1e-6);
                    rowSum += mixedT[i * k + q];
                }
                assertEquals(1.0, rowSum, 1e-5, "target row " + i + " sums to 1");
            }
            // class 3 of image 1 comes only from its partner image 0 (label 3):
            // lambda * 0.01 + (1 - lambda) * 0.91
            assertEquals(lambda * 0.01 + (1 - lambda) * 0.91, mixedT[1 * k + 3], 1e-6);
            assertSame(m, out.get(0).getManager());
            assertSame(m, out.get(1).getManager());
        }
    }

    @Test
    void mixDrawsLambdaFromTheSeededBeta() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.randomUniform(0, 1, new Shape(3, 1, 2, 2));
            NDArray targets = smoothedOneHot(m, new int[] {0, 1, 2}, 3, 0f);
            Mixup mixup = Mixup.of(0.2);
            double lambda = BetaSampler.symmetric(0.2).sample(new Random(9));
            NDList expected = Mixup.apply(images, targets, lambda);
            NDList actual = mixup.mix(images, targets, new Random(9));
            assertTrue(expected.get(0).allClose(actual.get(0)));
            assertTrue(expected.get(1).allClose(actual.get(1)));
            // one-hot targets: the own class keeps weight lambda exactly
            assertEquals(lambda, actual.get(1).getFloat(0, 0), 1e-6);
            assertEquals(1 - lambda, actual.get(1).getFloat(0, 2), 1e-6);
        }
    }

    @Test
    void alphaZeroIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.randomUniform(0, 1, new Shape(2, 1, 2, 2));
            NDArray targets = smoothedOneHot(m, new int[] {0, 1}, 2, 0f);
            Random random = new Random(0);
            NDList out = Mixup.of(0).mix(images, targets, random);
            assertSame(images, out.get(0));
            assertSame(targets, out.get(1));
            assertEquals(1.0, Mixup.of(0).drawLambda(random));
            NDList skipped = Mixup.builder().optAlpha(1).optProbability(0).build()
                    .mix(images, targets, random);
            assertSame(images, skipped.get(0));
        }
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mixup.of(-1));
        assertEquals("alpha must be a finite number >= 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Mixup.builder().optProbability(1.5).build());
        assertTrue(e.getMessage().contains("probability") && e.getMessage().contains("1.5"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = m.zeros(new Shape(2, 1, 2, 2));
            NDArray wrong = m.zeros(new Shape(3, 4));
            e = assertThrows(IllegalArgumentException.class, () -> Mixup.apply(images, wrong, 0.5));
            assertTrue(e.getMessage().contains("targets"));
        }
    }
}
