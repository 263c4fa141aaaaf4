package org.sota4j.augmentation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            // cells are 64 px (4 x 16) wide plus gaps, 4 columns; 2 rows of 64 + two caption lines
            assertEquals(4 + 4 * (64 + 4), img.getWidth());
            assertEquals(4 + 2 * (64 + 28 + 4), img.getHeight());
            // pixel (y=1, x=2) of image 1, scaled, in the original column
            int rgb = img.getRGB(4 + 2 * 16 + 5, 4 + (64 + 28 + 4) + 16 + 5);
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

    @Test
    void aCaptionWiderThanItsCellContinuesOnASecondLineInsteadOfBeingCut() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(1, 1, 4, 4));
            Map<String, BatchTransform> named = new LinkedHashMap<>();
            named.put("flip", new RandomHorizontalFlip(1.0));
            named.put("a long caption of several words", new RandomHorizontalFlip(1.0));
            BufferedImage img = AugmentationGallery.render(x, named, 16, new Random(0));
            // second line of captions: y from 4 + 64 + 14 to 4 + 64 + 28, in the first, second and third column
            assertFalse(ink(img, 4, 4 + 64 + 14, 64, 14), "'original' fits on one line");
            assertFalse(ink(img, 4 + 68, 4 + 64 + 14, 64, 14), "'flip' fits on one line");
            assertTrue(ink(img, 4 + 2 * 68, 4 + 64, 64, 14), "the long caption's first line is drawn");
            assertTrue(ink(img, 4 + 2 * 68, 4 + 64 + 14, 64, 14), "the long caption goes on in a second line");
        }
    }

    private static boolean ink(BufferedImage img, int x0, int y0, int w, int h) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
                    return true;
                }
            }
        }
        return false;
    }
}
