package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Random;

/** Crops, resizing and flips against torchvision 0.14 functional outputs on uint8 tensors. */
class BasicTransformsTest {

    private final JsonObject root = Fixtures.load("basic.json");

    @Test
    void resizedCropMatchesTorchvisionBilinear() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (JsonElement e : root.getAsJsonArray("resized_crop")) {
                JsonObject c = e.getAsJsonObject();
                NDArray img = Fixtures.image(m, root, c.get("image").getAsString());
                CropBox box = new CropBox(c.get("top").getAsInt(), c.get("left").getAsInt(),
                        c.get("height").getAsInt(), c.get("width").getAsInt());
                RandomResizedCrop t = RandomResizedCrop.builder()
                        .setSize(c.get("out_height").getAsInt(), c.get("out_width").getAsInt()).build();
                // two images with different boxes in one batch; the second must equal the fixture
                NDArray batch = NDArrays.concat(new NDList(img, img), 0);
                NDArray out = t.apply(batch, new CropBox[] {new CropBox(0, 0, 2, 2), box});
                float[] all = out.toFloatArray();
                float[] second = java.util.Arrays.copyOfRange(all, all.length / 2, all.length);
                float[] expected = Fixtures.floats(c.getAsJsonArray("expected"));
                assertTrue(Fixtures.maxDiff(expected, second) <= 1f, "resized crop " + c.get("top") + " " + box);
                assertEquals(expected.length, second.length);
            }
        }
    }

    @Test
    void resizeShorterSideMatchesTorchvision() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (JsonElement e : root.getAsJsonArray("resize")) {
                JsonObject c = e.getAsJsonObject();
                NDArray img = Fixtures.image(m, root, c.get("image").getAsString());
                NDArray out = new Resize(c.get("size").getAsInt()).apply(img, new Random(0));
                long[] s = Fixtures.shape(c.getAsJsonArray("shape"));
                assertEquals(new Shape(1, s[0], s[1], s[2]), out.getShape());
                assertTrue(Fixtures.maxDiff(Fixtures.floats(c.getAsJsonArray("expected")), out.toFloatArray()) <= 1f);
            }
        }
    }

    @Test
    void centerCropPadCropAndFlipMatchTorchvisionExactly() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (JsonElement e : root.getAsJsonArray("center_crop")) {
                JsonObject c = e.getAsJsonObject();
                NDArray img = Fixtures.image(m, root, c.get("image").getAsString());
                NDArray out = new CenterCrop(c.get("height").getAsInt(), c.get("width").getAsInt())
                        .apply(img, new Random(0));
                assertArrayEquals(Fixtures.floats(c.getAsJsonArray("expected")), out.toFloatArray());
            }
            for (JsonElement e : root.getAsJsonArray("pad_crop")) {
                JsonObject c = e.getAsJsonObject();
                NDArray img = Fixtures.image(m, root, c.get("image").getAsString());
                RandomCrop t = RandomCrop.builder()
                        .setSize((int) img.getShape().get(2), (int) img.getShape().get(3))
                        .optPadding(c.get("padding").getAsInt())
                        .optReflect("reflect".equals(c.get("mode").getAsString()))
                        .optFill(c.get("fill").getAsFloat()).build();
                NDArray out = t.apply(img, new int[] {c.get("top").getAsInt()}, new int[] {c.get("left").getAsInt()});
                assertArrayEquals(Fixtures.floats(c.getAsJsonArray("expected")), out.toFloatArray(), c.toString()
                        .substring(0, 80));
            }
            for (JsonElement e : root.getAsJsonArray("hflip")) {
                JsonObject c = e.getAsJsonObject();
                NDArray img = Fixtures.image(m, root, c.get("image").getAsString());
                NDArray batch = NDArrays.concat(new NDList(img, img), 0);
                float[] out = RandomHorizontalFlip.flip(batch, new boolean[] {false, true}).toFloatArray();
                int per = (int) img.size();
                assertArrayEquals(img.toFloatArray(), java.util.Arrays.copyOfRange(out, 0, per));
                assertArrayEquals(Fixtures.floats(c.getAsJsonArray("expected")),
                        java.util.Arrays.copyOfRange(out, per, 2 * per));
            }
        }
    }

    @Test
    void randomResizedCropSamplingFollowsTorchvision() {
        RandomResizedCrop t = RandomResizedCrop.builder().setSize(8).build();
        Random r = new Random(7);
        int h = 200;
        int w = 300;
        double sumScale = 0;
        int n = 5000;
        for (int i = 0; i < n; i++) {
            CropBox b = t.drawBox(h, w, r);
            assertTrue(b.top() >= 0 && b.left() >= 0 && b.top() + b.height() <= h && b.left() + b.width() <= w, "" + b);
            double frac = (double) b.height() * b.width() / (h * w);
            double ratio = (double) b.width() / b.height();
            assertTrue(frac >= 0.07 && frac <= 1.0, "area fraction " + frac);
            assertTrue(ratio >= 0.74 && ratio <= 1.35, "aspect ratio " + ratio);
            sumScale += frac;
        }
        // torchvision's get_params on a 200 x 300 image gives a mean area fraction of 0.391 (20000 draws):
        // large boxes are rejected more often than the uniform 0.54 because they do not fit the 3:2 frame
        double mean = sumScale / n;
        assertEquals(0.391, mean, 0.01, "mean area fraction");
        // fallback: ratios impossible to fit, so the centre crop at the nearest allowed ratio
        RandomResizedCrop wide = RandomResizedCrop.builder().setSize(8).optScale(0.9, 1.0).optRatio(3, 4).build();
        assertEquals(new CropBox(33, 0, 33, 100), wide.drawBox(100, 100, new Random(1)));
        RandomResizedCrop tall = RandomResizedCrop.builder().setSize(8).optScale(0.9, 1.0).optRatio(0.2, 0.25).build();
        assertEquals(new CropBox(0, 37, 100, 25), tall.drawBox(100, 100, new Random(1)));
    }

    @Test
    void randomCropAndFlipDrawWithinRange() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(0f, 2f * 3 * 8 * 8).reshape(2, 3, 8, 8);
            NDArray out = RandomCrop.builder().setSize(8).optPadding(4).build().apply(x, new Random(3));
            assertEquals(x.getShape(), out.getShape());
            // with p = 1 every image is mirrored
            NDArray flipped = new RandomHorizontalFlip(1.0).apply(x, new Random(0));
            assertArrayEquals(x.flip(3).toFloatArray(), flipped.toFloatArray());
            assertTrue(new RandomHorizontalFlip(0.0).apply(x, new Random(0)) == x);
        }
    }
}
