package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

import java.util.Random;

/**
 * Centre crop for evaluation, as torchvision's {@code CenterCrop}: offsets round((H - h) / 2) and
 * round((W - w) / 2) with Python's half-to-even rounding. A crop larger than the image is rejected (torchvision
 * would pad).
 */
public final class CenterCrop implements BatchTransform {

    private final int height;
    private final int width;

    /** A square crop. */
    public CenterCrop(int size) {
        this(size, size);
    }

    /** A height x width crop. */
    public CenterCrop(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + height + " x " + width);
        }
        this.height = height;
        this.width = width;
    }

    @Override
    public NDArray apply(NDArray images, Random random) {
        int[] d = Batches.checkImages(images);
        if (height > d[2] || width > d[3]) {
            throw new IllegalArgumentException("crop size " + height + " x " + width
                    + " must not exceed the image size " + d[2] + " x " + d[3]);
        }
        int top = (int) Math.rint((d[2] - height) / 2.0);
        int left = (int) Math.rint((d[3] - width) / 2.0);
        return images.get(new NDIndex(":, :, {}:{}, {}:{}", top, top + height, left, left + width));
    }
}
