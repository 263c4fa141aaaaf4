package org.sota4j.resolution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

class InferenceResizeTuningTest {

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** Fixture from src/test/python/resize_crop_fixture.py (torchvision 0.14 F.resize + F.center_crop). */
    @Test
    void resizeAndCropMatchTorchvision() throws Exception {
        JsonObject fixture;
        try (Reader reader = new InputStreamReader(
                getClass().getResourceAsStream("/fixtures/resolution/resize_crop.json"), StandardCharsets.UTF_8)) {
            fixture = JsonParser.parseReader(reader).getAsJsonObject();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            int[] shape = ints(fixture.getAsJsonArray("shape"));
            int[] pixels = ints(fixture.getAsJsonArray("images"));
            byte[] bytes = new byte[pixels.length];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) pixels[i];
            }
            NDArray images = m.create(bytes, new Shape(shape[0], shape[1], shape[2], shape[3]))
                    .toType(DataType.UINT8, false);
            for (var element : fixture.getAsJsonArray("cases")) {
                JsonObject c = element.getAsJsonObject();
                int resize = c.get("resize").getAsInt();
                int crop = c.get("crop").getAsInt();
                boolean antialias = c.get("antialias").getAsBoolean();
                NDArray out = InferenceResizeTuning.resizeAndCrop(images, resize, crop, antialias);
                int[] expectedShape = ints(c.getAsJsonArray("shape"));
                assertArrayEquals(Arrays.stream(expectedShape).asLongStream().toArray(), out.getShape().getShape());
                float[] actual = out.toFloatArray();
                int[] expected = ints(c.getAsJsonArray("values"));
                int off = 0;
                for (int i = 0; i < expected.length; i++) {
                    float d = Math.abs(actual[i] - expected[i]);
                    assertTrue(d <= 1, "resize " + resize + " crop " + crop + " antialias " + antialias + " at " + i);
                    if (d > 0) {
                        off++;
                    }
                }
                // integer inputs with weights such as 1/4, 3/4 give exact .5 ties (about 3 % of pixels here);
                // float error decides their rounding, so a few may land one level apart, nothing more
                assertTrue(off <= expected.length / 100,
                        off + " of " + expected.length + " differ, resize " + resize + " antialias " + antialias);
            }
        }
    }

    @Test
    void shapesOfResizeAndCrop() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray tall = m.zeros(new Shape(3, 3, 40, 20), DataType.UINT8);
            assertEquals(new Shape(3, 3, 60, 30), InferenceResizeTuning.resizeShorterSide(tall, 30, true).getShape());
            assertEquals(new Shape(3, 3, 28, 28), InferenceResizeTuning.resizeAndCrop(tall, 30, 28, false).getShape());
            NDArray wide = m.zeros(new Shape(1, 1, 32, 45), DataType.UINT8);
            // int(36 * 45 / 32) = 50
            assertEquals(new Shape(1, 1, 36, 50), InferenceResizeTuning.resizeShorterSide(wide, 36, false).getShape());
            assertThrows(IllegalArgumentException.class, () -> InferenceResizeTuning.resizeAndCrop(wide, 30, 32, true));
        }
    }

    /**
     * Images carry their label (channel 0) and id (channel 1) as constant pixel values; the fake
     * predictor is right or wrong per (id, crop size) by a table built from the two halves.
     */
    @Test
    void choosesOnTheSelectionHalfAndReportsOnTheOther() {
        int n = 200;
        int classes = 10;
        long seed = 5;
        int[][] halves = InferenceResizeTuning.splitHalves(n, seed);
        assertEquals(100, halves[0].length);
        assertEquals(100, halves[1].length);
        // crop -> {fraction right on selection half, fraction right on report half}
        Map<Integer, double[]> plan = new HashMap<>();
        plan.put(32, new double[] {0.50, 1.00});
        plan.put(28, new double[] {1.00, 0.25});
        plan.put(36, new double[] {0.75, 0.75});
        Map<Integer, boolean[]> right = new HashMap<>();
        for (var e : plan.entrySet()) {
            boolean[] ok = new boolean[n];
            for (int h = 0; h < 2; h++) {
                int[] half = halves[h];
                int k = (int) Math.round(e.getValue()[h] * half.length);
                for (int i = 0; i < k; i++) {
                    ok[half[i]] = true;
                }
            }
            right.put(e.getKey(), ok);
        }
        int[] labels = new int[n];
        try (NDManager m = NDManager.newBaseManager()) {
            byte[] pixels = new byte[n * 3 * 32 * 32];
            int per = 32 * 32;
            for (int i = 0; i < n; i++) {
                labels[i] = (i * 7) % classes;
                for (int p = 0; p < per; p++) {
                    pixels[(i * 3) * per + p] = (byte) labels[i];
                    pixels[(i * 3 + 1) * per + p] = (byte) i;
                }
            }
            NDArray images = m.create(pixels, new Shape(n, 3, 32, 32)).toType(DataType.UINT8, false);
            Function<NDArray, NDArray> fake = x -> {
                int crop = (int) x.getShape().get(2);
                int b = (int) x.getShape().get(0);
                // decode from the normalized batch: mean 0, std 1 -> value = pixel / 255
                float[] center = x.get(":, :, " + crop / 2 + ", " + crop / 2).toFloatArray();
                float[] logits = new float[b * classes];
                for (int i = 0; i < b; i++) {
                    int label = Math.round(center[i * 3] * 255);
                    int id = Math.round(center[i * 3 + 1] * 255);
                    int predicted = right.get(crop)[id] ? label : (label + 1) % classes;
                    logits[i * classes + predicted] = 1;
                }
                return x.getManager().create(logits, new Shape(b, classes));
            };
            InferenceResizeTuning tuning = InferenceResizeTuning.builder().setPredictor(fake)
                    .setNormalization(new float[] {0, 0, 0}, new float[] {1, 1, 1})
                    .setSizes(List.of(new InferenceResizeTuning.EvalSize(36, 32),
                            new InferenceResizeTuning.EvalSize(30, 28),
                            new InferenceResizeTuning.EvalSize(40, 36)))
                    .optBatchSize(64).optSeed(seed).build();
            InferenceResizeTuning.Result result = tuning.tune(images, labels);
            List<InferenceResizeTuning.SizeAccuracy> swept = result.sizes();
            assertEquals(List.of(36, 30, 40), swept.stream().map(a -> a.size().resize()).toList());
            assertArrayEquals(new double[] {0.50, 1.00, 0.75},
                    swept.stream().mapToDouble(InferenceResizeTuning.SizeAccuracy::selectionAccuracy).toArray(), 1e-12);
            assertArrayEquals(new double[] {1.00, 0.25, 0.75},
                    swept.stream().mapToDouble(InferenceResizeTuning.SizeAccuracy::reportAccuracy).toArray(), 1e-12);
            // chosen on the selection half (crop 28), reported on the other half: 0.25, not 1.0
            assertEquals(new InferenceResizeTuning.EvalSize(30, 28), result.best());
            assertEquals(1.0, result.selectionAccuracy(), 1e-12);
            assertEquals(0.25, result.reportedAccuracy(), 1e-12);
            assertArrayEquals(halves[0], result.selectionIndices());
        }
    }

    @Test
    void rejectsBadConfiguration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InferenceResizeTuning.EvalSize(30, 32));
        assertEquals("crop must be <= resize, got resize 30, crop 32", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> InferenceResizeTuning.builder()
                .setPredictor(x -> x).setNormalization(new float[] {0}, new float[] {0})
                .setSizes(InferenceResizeTuning.resizes(32, 36)).build());
        assertThrows(IllegalArgumentException.class, () -> InferenceResizeTuning.splitHalves(1, 0));
    }
}
