package org.sota4j.augmentation;

/**
 * A crop (or erase) rectangle in pixels: rows top..top+height-1, columns left..left+width-1.
 *
 * @param top first row
 * @param left first column
 * @param height number of rows
 * @param width number of columns
 */
public record CropBox(int top, int left, int height, int width) {}
