package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

class AugmentationGalleryTest {

    @Test
    void rendersOriginalsUpscaledWithOneColumnPerSample() {
        try (NDManager m = NDManager.newBaseManager()) {
            float[] px = new float[2 * 3 * 4 * 4];
            for (int i = 0; i < px.length; i++) {
                px[i] = (i * 37) % 256;
            }
            NDArray x = m.create(px, new Shape(2, 3, 4, 4));
            BufferedImage img = AugmentationGallery.render(x, TrivialAugmentWide.builder().build(), 3, 16,
                    new Random(0));
            // cells are 64 px (4 x 16) wide plus gaps, 4 columns; 2 rows of 64 + caption
            assertEquals(4 + 4 * (64 + 4), img.getWidth());
            assertEquals(4 + 2 * (64 + 14 + 4), img.getHeight());
            // pixel (y=1, x=2) of image 1, scaled, in the original column
            int rgb = img.getRGB(4 + 2 * 16 + 5, 4 + (64 + 14 + 4) + 16 + 5);
            int base = 3 * 16;
            int r = (int) px[base + 4 + 2];
            int g = (int) px[base + 16 + 4 + 2];
            int b = (int) px[base + 32 + 4 + 2];
            assertEquals((r << 16) | (g << 8) | b, rgb & 0xFFFFFF);
            Map<String, BatchTransform> named = new LinkedHashMap<>();
            named.put("flip", new RandomHorizontalFlip(1.0));
            BufferedImage flips = AugmentationGallery.render(x, named, 16, new Random(0));
            assertTrue(flips.getWidth() > 2 * 64);
        }
    }
}
