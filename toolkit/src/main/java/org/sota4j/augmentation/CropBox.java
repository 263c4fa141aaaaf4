package org.sota4j.augmentation;

/**
 * A rectangle of an image in pixels, as torchvision's {@code F.crop} takes it: rows top..top+height-1, columns
 * left..left+width-1. The crops and random erasing draw one; CutMix pastes one ({@code CutMix.Box}).
 *
 * @param top first row
 * @param left first column
 * @param height number of rows
 * @param width number of columns
 */
public record CropBox(int top, int left, int height, int width) {

    /** The row after the last, {@code top + height}. */
    public int bottom() {
        return top + height;
    }

    /** The column after the last, {@code left + width}. */
    public int right() {
        return left + width;
    }

    /** The number of pixels per channel, {@code height * width}. */
    public int area() {
        return height * width;
    }
}
