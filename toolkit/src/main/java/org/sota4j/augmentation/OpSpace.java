package org.sota4j.augmentation;

import java.util.List;

/**
 * An augmentation space: the table of operations an automatic augmentation policy draws from, with magnitude
 * ranges and sign flags exactly as torchvision 0.14 defines them for AutoAugment (Cubuk et al. 2019, arXiv
 * 1805.09501), RandAugment (Cubuk et al. 2020, arXiv 1909.13719) and TrivialAugment Wide (Müller and Hutter 2021,
 * arXiv 2103.10158). The order of rows is torchvision's, so uniform draws pick ops with the same indices.
 *
 * @param name a label for captions and messages
 * @param rows the table
 */
public record OpSpace(String name, List<OpRange> rows) {

    /** Translations of the standard space: 150/331 of the image side (the original 331-pixel setting). */
    public static final double TRANSLATE_FRACTION = 150.0 / 331.0;

    public OpSpace {
        rows = List.copyOf(rows);
    }

    /** AutoAugment's space (10 bins in its policies): the standard ops plus Invert, without Identity. */
    public static OpSpace autoAugment() {
        return new OpSpace("AutoAugment", List.of(
                OpRange.linear(AugmentOp.SHEAR_X, 0.0, 0.3, true),
                OpRange.linear(AugmentOp.SHEAR_Y, 0.0, 0.3, true),
                new OpRange(AugmentOp.TRANSLATE_X, OpRange.Scale.WIDTH, 0.0, TRANSLATE_FRACTION, true),
                new OpRange(AugmentOp.TRANSLATE_Y, OpRange.Scale.HEIGHT, 0.0, TRANSLATE_FRACTION, true),
                OpRange.linear(AugmentOp.ROTATE, 0.0, 30.0, true),
                OpRange.linear(AugmentOp.BRIGHTNESS, 0.0, 0.9, true),
                OpRange.linear(AugmentOp.COLOR, 0.0, 0.9, true),
                OpRange.linear(AugmentOp.CONTRAST, 0.0, 0.9, true),
                OpRange.linear(AugmentOp.SHARPNESS, 0.0, 0.9, true),
                new OpRange(AugmentOp.POSTERIZE, OpRange.Scale.BITS, 8, 4, false),
                OpRange.linear(AugmentOp.SOLARIZE, 255.0, 0.0, false),
                OpRange.none(AugmentOp.AUTO_CONTRAST),
                OpRange.none(AugmentOp.EQUALIZE),
                OpRange.none(AugmentOp.INVERT)));
    }

    /** RandAugment's space (31 bins): Identity plus the standard ops, no Invert. */
    public static OpSpace randAugment() {
        List<OpRange> aa = autoAugment().rows();
        List<OpRange> rows = new java.util.ArrayList<>();
        rows.add(OpRange.none(AugmentOp.IDENTITY));
        rows.addAll(aa.subList(0, aa.size() - 1));
        return new OpSpace("RandAugment", rows);
    }

    /** TrivialAugment's wide space (31 bins): larger ranges, translation up to 32 pixels, 2 to 8 bits. */
    public static OpSpace trivialAugmentWide() {
        return new OpSpace("TrivialAugmentWide", List.of(
                OpRange.none(AugmentOp.IDENTITY),
                OpRange.linear(AugmentOp.SHEAR_X, 0.0, 0.99, true),
                OpRange.linear(AugmentOp.SHEAR_Y, 0.0, 0.99, true),
                OpRange.linear(AugmentOp.TRANSLATE_X, 0.0, 32.0, true),
                OpRange.linear(AugmentOp.TRANSLATE_Y, 0.0, 32.0, true),
                OpRange.linear(AugmentOp.ROTATE, 0.0, 135.0, true),
                OpRange.linear(AugmentOp.BRIGHTNESS, 0.0, 0.99, true),
                OpRange.linear(AugmentOp.COLOR, 0.0, 0.99, true),
                OpRange.linear(AugmentOp.CONTRAST, 0.0, 0.99, true),
                OpRange.linear(AugmentOp.SHARPNESS, 0.0, 0.99, true),
                new OpRange(AugmentOp.POSTERIZE, OpRange.Scale.BITS, 8, 6, false),
                OpRange.linear(AugmentOp.SOLARIZE, 255.0, 0.0, false),
                OpRange.none(AugmentOp.AUTO_CONTRAST),
                OpRange.none(AugmentOp.EQUALIZE)));
    }

    /** The row of {@code op}; rejects ops not in this space. */
    public OpRange row(AugmentOp op) {
        for (OpRange r : rows) {
            if (r.op() == op) {
                return r;
            }
        }
        throw new IllegalArgumentException("op " + op + " is not in the " + name + " space");
    }
}
