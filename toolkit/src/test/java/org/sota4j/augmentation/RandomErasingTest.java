package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

/** Random Erasing statistics and application, and Normalize. */
class RandomErasingTest {

    @Test
    void tenThousandDrawsFollowTheDefinition() {
        for (double p : new double[] {0.5, 0.25}) {
            RandomErasing t = RandomErasing.builder().optProbability(p).build();
            Random r = new Random(42);
            int h = 224;
            int w = 224;
            int erased = 0;
            double sumFraction = 0;
            double sumLogRatio = 0;
            int n = 10000;
            for (int i = 0; i < n; i++) {
                CropBox b = t.drawBox(h, w, r);
                if (b == null) {
                    continue;
                }
                erased++;
                assertTrue(b.height() < h && b.width() < w && b.top() + b.height() <= h && b.left() + b.width() <= w);
                double fraction = (double) b.height() * b.width() / (h * w);
                double ratio = (double) b.height() / b.width();
                // bounds of the definition, widened by the rounding of h and w to integers
                assertTrue(fraction >= 0.02 * 0.93 && fraction <= 0.33 * 1.07, "area fraction " + fraction);
                assertTrue(ratio >= 0.3 * 0.9 && ratio <= 3.3 / 0.9, "aspect ratio " + ratio);
                sumFraction += fraction;
                sumLogRatio += Math.log(ratio);
            }
            assertEquals(p, (double) erased / n, 0.01, "erase rate");
            // uniform area fraction: mean (0.02 + 0.33) / 2; log-uniform ratio: mean log ~ 0 (slightly < 0 because
            // tall boxes of large area fail the h < H test more often on a square image)
            assertEquals(0.175, sumFraction / erased, 0.01, "mean area fraction");
            assertEquals((Math.log(0.3) + Math.log(3.3)) / 2, sumLogRatio / erased, 0.05, "mean log aspect ratio");
        }
    }

    @Test
    void eraseWritesTheValueInsideTheBoxOnly() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 3, 6, 5)).mul(7f);
            RandomErasing constant = RandomErasing.builder().optValue(-2f).build();
            float[] out = constant.erase(x, new CropBox[] {new CropBox(1, 2, 3, 2), null}, new Random(0))
                    .toFloatArray();
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 6; y++) {
                    for (int xx = 0; xx < 5; xx++) {
                        boolean inside = y >= 1 && y < 4 && xx >= 2 && xx < 4;
                        assertEquals(inside ? -2f : 7f, out[(c * 6 + y) * 5 + xx]);
                        assertEquals(7f, out[((3 + c) * 6 + y) * 5 + xx]);
                    }
                }
            }
            RandomErasing random = RandomErasing.builder().optRandomValue().build();
            NDArray big = m.zeros(new Shape(1, 3, 64, 64)).add(100f);
            float[] noisy = random.erase(big, new CropBox[] {new CropBox(0, 0, 64, 40)}, new Random(1)).toFloatArray();
            double sum = 0;
            double sq = 0;
            int count = 0;
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 64; y++) {
                    for (int xx = 0; xx < 64; xx++) {
                        float v = noisy[(c * 64 + y) * 64 + xx];
                        if (xx < 40) {
                            sum += v;
                            sq += v * v;
                            count++;
                        } else {
                            assertEquals(100f, v);
                        }
                    }
                }
            }
            assertEquals(0, sum / count, 0.05, "standard normal mean");
            assertEquals(1, Math.sqrt(sq / count), 0.05, "standard normal std");
        }
    }

    @Test
    void normalizeIsDivideBy255ThenStandardize() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {0, 255, 51, 102, 127.5f, 255}, new Shape(1, 3, 1, 2));
            float[] out = Normalize.of(new float[] {0.5f, 0.2f, 0.25f}, new float[] {0.5f, 0.1f, 0.25f})
                    .apply(x, new Random(0)).toFloatArray();
            float[] expected = {-1f, 1f, 0f, 2f, 1f, 3f};
            for (int i = 0; i < 6; i++) {
                assertEquals(expected[i], out[i], 1e-5);
            }
        }
    }
}
