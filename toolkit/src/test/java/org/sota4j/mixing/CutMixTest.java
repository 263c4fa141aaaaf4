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
import org.sota4j.augmentation.CropBox;

import java.util.Random;

class CutMixTest {

    /** Image i is filled with the value i + 1 so that every pixel tells which image it came from. */
    private static NDArray labelledImages(NDManager m, int n, int c, int h, int w) {
        float[] x = new float[n * c * h * w];
        int per = c * h * w;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < per; p++) {
                x[i * per + p] = i + 1;
            }
        }
        return m.create(x, new Shape(n, c, h, w));
    }

    @Test
    void boxMatchesTorchvisionArithmetic() {
        // lambda 0.75 on 32 x 32: r = 0.5 * sqrt(0.25) = 0.25, half-sides int(8.0) = 8
        CutMix.Box inside = CutMix.boxFor(0.75, 16, 16, 32, 32);
        assertEquals(new CutMix.Box(new CropBox(8, 8, 16, 16), 1 - 256 / 1024.0), inside);
        // center in the corner: clipped to [0, 8) x [0, 8)
        CutMix.Box corner = CutMix.boxFor(0.75, 0, 0, 32, 32);
        assertEquals(new CutMix.Box(new CropBox(0, 0, 8, 8), 1 - 64 / 1024.0), corner);
        // non-square: H = 10, W = 40, lambda 0.19: r = 0.45, half-sides int(18.0)=18, int(4.5)=4
        CutMix.Box wide = CutMix.boxFor(0.19, 39, 2, 10, 40);
        assertEquals(new CutMix.Box(new CropBox(0, 21, 6, 19), 1 - 19 * 6 / 400.0), wide);
        // lambda 1: empty box, nothing pasted
        assertTrue(CutMix.boxFor(1.0, 3, 3, 8, 8).isEmpty());
    }

    @Test
    void lambdaEqualsTheShareOfPixelsKept() {
        try (NDManager m = NDManager.newBaseManager()) {
            int n = 5, c = 3, k = 5;
            Random random = new Random(11);
            int[][] sizes = {{32, 32}, {7, 13}, {24, 17}};
            for (int[] size : sizes) {
                int h = size[0], w = size[1];
                NDArray images = labelledImages(m, n, c, h, w);
                NDArray targets = MixupTest.smoothedOneHot(m, new int[] {0, 1, 2, 3, 4}, k, 0.1f);
                float[] t = targets.toFloatArray();
                CutMix cutmix = CutMix.of(1.0);
                for (int trial = 0; trial < 20; trial++) {
                    CutMix.Box box = cutmix.drawBox(h, w, random);
                    NDList out = CutMix.apply(images, targets, box);
                    float[] mixed = out.get(0).toFloatArray();
                    float[] mixedT = out.get(1).toFloatArray();
                    int per = c * h * w;
                    for (int i = 0; i < n; i++) {
                        int partner = (i + n - 1) % n;
                        int fromPartner = 0;
                        int fromSelf = 0;
                        for (int p = 0; p < per; p++) {
                            float v = mixed[i * per + p];
                            if (v == partner + 1) {
                                fromPartner++;
                            } else if (v == i + 1) {
                                fromSelf++;
                            }
                        }
                        assertEquals(per, fromPartner + fromSelf, "every pixel from image or partner");
                        double keptShare = (double) fromSelf / per;
                        assertEquals(keptShare, box.lambda(), 1e-12, "lambda = kept share " + box);
                        double rowSum = 0;
                        for (int q = 0; q < k; q++) {
                            double expected = keptShare * t[i * k + q] + (1 - keptShare) * t[partner * k + q];
                            assertEquals(expected, mixedT[i * k + q], 1e-6);
                            rowSum += mixedT[i * k + q];
                        }
                        assertEquals(1.0, rowSum, 1e-5);
                    }
                    // the pasted pixels form exactly the box
                    int per2 = h * w;
                    for (int y = 0; y < h; y++) {
                        for (int x = 0; x < w; x++) {
                            boolean inBox = y >= box.region().top() && y < box.region().bottom()
                                    && x >= box.region().left() && x < box.region().right();
                            float v = mixed[per + y * w + x]; // image 1, channel 1... use channel 0 of image 1
                            float v0 = mixed[per + 0 * per2 + y * w + x];
                            assertEquals(inBox ? 1f : 2f, v0, "pixel " + y + "," + x + " of image 1");
                            assertEquals(v0, v);
                        }
                    }
                }
            }
        }
    }

    @Test
    void mixUsesTheDrawnBox() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = labelledImages(m, 3, 1, 9, 9);
            NDArray targets = MixupTest.smoothedOneHot(m, new int[] {0, 1, 2}, 3, 0f);
            CutMix cutmix = CutMix.of(1.0);
            CutMix.Box box = cutmix.drawBox(9, 9, new Random(21));
            NDList expected = CutMix.apply(images, targets, box);
            NDList actual = cutmix.mix(images, targets, new Random(21));
            assertTrue(expected.get(0).contentEquals(actual.get(0)));
            assertTrue(expected.get(1).allClose(actual.get(1)));
            assertSame(m, actual.get(0).getManager());
            // the input is left untouched
            assertEquals(81f, images.get(0).sum().getFloat());
        }
    }

    @Test
    void correctedLambdaAveragesNearTheBetaMean() {
        // With the center uniform, clipping shrinks boxes, so E[corrected lambda] >= E[lambda] = 0.5
        CutMix cutmix = CutMix.of(1.0);
        Random random = new Random(2);
        double sum = 0;
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            sum += cutmix.drawBox(64, 64, random).lambda();
        }
        double mean = sum / draws;
        assertTrue(mean > 0.5 && mean < 0.85, "mean corrected lambda " + mean);
    }

    @Test
    void alphaZeroIsIdentity() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = labelledImages(m, 2, 1, 4, 4);
            NDArray targets = MixupTest.smoothedOneHot(m, new int[] {0, 1}, 2, 0f);
            NDList out = CutMix.of(0).mix(images, targets, new Random(0));
            assertSame(images, out.get(0));
            assertSame(targets, out.get(1));
        }
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> CutMix.of(-0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CutMix.boxFor(0.5, 10, 0, 8, 8));
        assertEquals("centerX must be in [0, 8), got 10", e.getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray images = labelledImages(m, 2, 1, 4, 4);
            NDArray targets = MixupTest.smoothedOneHot(m, new int[] {0, 1}, 2, 0f);
            assertThrows(IllegalArgumentException.class,
                    () -> CutMix.apply(images, targets, new CutMix.Box(new CropBox(0, 0, 2, 5), 0.5)));
        }
    }
}
