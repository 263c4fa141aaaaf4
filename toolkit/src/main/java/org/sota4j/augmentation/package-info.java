/**
 * Batched image augmentation on float32 N x C x H x W arrays: crops, flips and resizing, the operation table and
 * policies of AutoAugment, RandAugment and TrivialAugment Wide, Random Erasing and normalization, all reproducing
 * torchvision 0.14's uint8 tensor semantics (values stay integers on the 0..255 scale until {@link
 * org.sota4j.augmentation.Normalize}). Random parameters are drawn per image in Java from the given
 * {@link java.util.Random}, then applied with one gather or broadcast per operation group; each transform also
 * exposes a method taking fixed per-image parameters. {@link org.sota4j.augmentation.AugmentationGallery} renders
 * samples for inspection.
 */
package org.sota4j.augmentation;
