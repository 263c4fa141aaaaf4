package org.sota4j.augmentation;

import static org.sota4j.augmentation.AugmentOp.AUTO_CONTRAST;
import static org.sota4j.augmentation.AugmentOp.BRIGHTNESS;
import static org.sota4j.augmentation.AugmentOp.COLOR;
import static org.sota4j.augmentation.AugmentOp.CONTRAST;
import static org.sota4j.augmentation.AugmentOp.EQUALIZE;
import static org.sota4j.augmentation.AugmentOp.INVERT;
import static org.sota4j.augmentation.AugmentOp.POSTERIZE;
import static org.sota4j.augmentation.AugmentOp.ROTATE;
import static org.sota4j.augmentation.AugmentOp.SHARPNESS;
import static org.sota4j.augmentation.AugmentOp.SHEAR_X;
import static org.sota4j.augmentation.AugmentOp.SHEAR_Y;
import static org.sota4j.augmentation.AugmentOp.SOLARIZE;
import static org.sota4j.augmentation.AugmentOp.TRANSLATE_X;
import static org.sota4j.augmentation.AugmentOp.TRANSLATE_Y;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * AutoAugment (Cubuk et al. 2019, arXiv 1805.09501): each image gets one of 25 learned sub-policies, two
 * (operation, probability, magnitude bin of 10) steps. The ImageNet, CIFAR-10 and SVHN policies are the
 * published ones as listed by torchvision 0.14 ({@code AutoAugment._get_policies}); magnitudes come from
 * {@link OpSpace#autoAugment()}. Use on 0..255 batches before normalization, e.g.
 * {@code AutoAugment.policy("cifar10")}.
 */
public final class AutoAugment implements OpPolicy {

    /** One step of a sub-policy: op, probability, magnitude bin (or -1 for ops without magnitude). */
    public record Step(AugmentOp op, double probability, int magnitudeBin) {}

    /** Two steps applied in order. */
    public record SubPolicy(Step first, Step second) {
        /** The steps as a list. */
        public List<Step> steps() {
            return List.of(first, second);
        }
    }

    /** Number of magnitude bins of the AutoAugment search space. */
    public static final int NUM_BINS = 10;

    private static final Map<String, List<SubPolicy>> POLICIES =
            Map.of("imagenet", imagenet(), "cifar10", cifar10(), "svhn", svhn());

    private final String name;
    private final List<SubPolicy> subPolicies;
    private final float[] fill;
    private final OpSpace space = OpSpace.autoAugment();

    private AutoAugment(String name, float[] fill) {
        this.name = name;
        this.subPolicies = subPolicies(name);
        this.fill = Batches.checkFill(fill);
    }

    /** AutoAugment with the named policy ("imagenet", "cifar10" or "svhn") and fill 0. */
    public static AutoAugment policy(String name) {
        return new AutoAugment(name, null);
    }

    /** AutoAugment with the named policy and a fill colour (1 or 3 values in 0..255) for geometric ops. */
    public static AutoAugment policy(String name, float... fill) {
        return new AutoAugment(name, fill);
    }

    /** The published sub-policies of a named policy; unknown names are rejected with the list of known ones. */
    public static List<SubPolicy> subPolicies(String name) {
        List<SubPolicy> p = name == null ? null : POLICIES.get(name);
        if (p == null) {
            throw new IllegalArgumentException("policy must be one of " + new java.util.TreeSet<>(POLICIES.keySet())
                    + ", got '" + name + "'");
        }
        return p;
    }

    /** The policy name. */
    public String name() {
        return name;
    }

    @Override
    public float[] fill() {
        return fill == null ? null : fill.clone();
    }

    @Override
    public OpPlan draw(int n, int height, int width, Random random) {
        AugmentOp[][] ops = new AugmentOp[2][n];
        double[][] mags = new double[2][n];
        for (int i = 0; i < n; i++) {
            SubPolicy sub = subPolicies.get(random.nextInt(subPolicies.size()));
            List<Step> steps = sub.steps();
            for (int s = 0; s < 2; s++) {
                Step step = steps.get(s);
                boolean applied = random.nextFloat() <= step.probability();
                boolean negative = random.nextBoolean();
                ops[s][i] = applied ? step.op() : AugmentOp.IDENTITY;
                if (applied) {
                    OpRange row = space.row(step.op());
                    double m = step.magnitudeBin() < 0 ? 0.0
                            : row.magnitude(step.magnitudeBin(), NUM_BINS, height, width);
                    mags[s][i] = row.signed() && negative ? -m : m;
                }
            }
        }
        return new OpPlan(ops, mags);
    }

    private static Step s(AugmentOp op, double p, int bin) {
        return new Step(op, p, bin);
    }

    private static SubPolicy sub(Step a, Step b) {
        return new SubPolicy(a, b);
    }

    private static List<SubPolicy> imagenet() {
        return List.of(
                sub(s(POSTERIZE, 0.4, 8), s(ROTATE, 0.6, 9)),
                sub(s(SOLARIZE, 0.6, 5), s(AUTO_CONTRAST, 0.6, -1)),
                sub(s(EQUALIZE, 0.8, -1), s(EQUALIZE, 0.6, -1)),
                sub(s(POSTERIZE, 0.6, 7), s(POSTERIZE, 0.6, 6)),
                sub(s(EQUALIZE, 0.4, -1), s(SOLARIZE, 0.2, 4)),
                sub(s(EQUALIZE, 0.4, -1), s(ROTATE, 0.8, 8)),
                sub(s(SOLARIZE, 0.6, 3), s(EQUALIZE, 0.6, -1)),
                sub(s(POSTERIZE, 0.8, 5), s(EQUALIZE, 1.0, -1)),
                sub(s(ROTATE, 0.2, 3), s(SOLARIZE, 0.6, 8)),
                sub(s(EQUALIZE, 0.6, -1), s(POSTERIZE, 0.4, 6)),
                sub(s(ROTATE, 0.8, 8), s(COLOR, 0.4, 0)),
                sub(s(ROTATE, 0.4, 9), s(EQUALIZE, 0.6, -1)),
                sub(s(EQUALIZE, 0.0, -1), s(EQUALIZE, 0.8, -1)),
                sub(s(INVERT, 0.6, -1), s(EQUALIZE, 1.0, -1)),
                sub(s(COLOR, 0.6, 4), s(CONTRAST, 1.0, 8)),
                sub(s(ROTATE, 0.8, 8), s(COLOR, 1.0, 2)),
                sub(s(COLOR, 0.8, 8), s(SOLARIZE, 0.8, 7)),
                sub(s(SHARPNESS, 0.4, 7), s(INVERT, 0.6, -1)),
                sub(s(SHEAR_X, 0.6, 5), s(EQUALIZE, 1.0, -1)),
                sub(s(COLOR, 0.4, 0), s(EQUALIZE, 0.6, -1)),
                sub(s(EQUALIZE, 0.4, -1), s(SOLARIZE, 0.2, 4)),
                sub(s(SOLARIZE, 0.6, 5), s(AUTO_CONTRAST, 0.6, -1)),
                sub(s(INVERT, 0.6, -1), s(EQUALIZE, 1.0, -1)),
                sub(s(COLOR, 0.6, 4), s(CONTRAST, 1.0, 8)),
                sub(s(EQUALIZE, 0.8, -1), s(EQUALIZE, 0.6, -1)));
    }

    private static List<SubPolicy> cifar10() {
        return List.of(
                sub(s(INVERT, 0.1, -1), s(CONTRAST, 0.2, 6)),
                sub(s(ROTATE, 0.7, 2), s(TRANSLATE_X, 0.3, 9)),
                sub(s(SHARPNESS, 0.8, 1), s(SHARPNESS, 0.9, 3)),
                sub(s(SHEAR_Y, 0.5, 8), s(TRANSLATE_Y, 0.7, 9)),
                sub(s(AUTO_CONTRAST, 0.5, -1), s(EQUALIZE, 0.9, -1)),
                sub(s(SHEAR_Y, 0.2, 7), s(POSTERIZE, 0.3, 7)),
                sub(s(COLOR, 0.4, 3), s(BRIGHTNESS, 0.6, 7)),
                sub(s(SHARPNESS, 0.3, 9), s(BRIGHTNESS, 0.7, 9)),
                sub(s(EQUALIZE, 0.6, -1), s(EQUALIZE, 0.5, -1)),
                sub(s(CONTRAST, 0.6, 7), s(SHARPNESS, 0.6, 5)),
                sub(s(COLOR, 0.7, 7), s(TRANSLATE_X, 0.5, 8)),
                sub(s(EQUALIZE, 0.3, -1), s(AUTO_CONTRAST, 0.4, -1)),
                sub(s(TRANSLATE_Y, 0.4, 3), s(SHARPNESS, 0.2, 6)),
                sub(s(BRIGHTNESS, 0.9, 6), s(COLOR, 0.2, 8)),
                sub(s(SOLARIZE, 0.5, 2), s(INVERT, 0.0, -1)),
                sub(s(EQUALIZE, 0.2, -1), s(AUTO_CONTRAST, 0.6, -1)),
                sub(s(EQUALIZE, 0.2, -1), s(EQUALIZE, 0.6, -1)),
                sub(s(COLOR, 0.9, 9), s(EQUALIZE, 0.6, -1)),
                sub(s(AUTO_CONTRAST, 0.8, -1), s(SOLARIZE, 0.2, 8)),
                sub(s(BRIGHTNESS, 0.1, 3), s(COLOR, 0.7, 0)),
                sub(s(SOLARIZE, 0.4, 5), s(AUTO_CONTRAST, 0.9, -1)),
                sub(s(TRANSLATE_Y, 0.9, 9), s(TRANSLATE_Y, 0.7, 9)),
                sub(s(AUTO_CONTRAST, 0.9, -1), s(SOLARIZE, 0.8, 3)),
                sub(s(EQUALIZE, 0.8, -1), s(INVERT, 0.1, -1)),
                sub(s(TRANSLATE_Y, 0.7, 9), s(AUTO_CONTRAST, 0.9, -1)));
    }

    private static List<SubPolicy> svhn() {
        return List.of(
                sub(s(SHEAR_X, 0.9, 4), s(INVERT, 0.2, -1)),
                sub(s(SHEAR_Y, 0.9, 8), s(INVERT, 0.7, -1)),
                sub(s(EQUALIZE, 0.6, -1), s(SOLARIZE, 0.6, 6)),
                sub(s(INVERT, 0.9, -1), s(EQUALIZE, 0.6, -1)),
                sub(s(EQUALIZE, 0.6, -1), s(ROTATE, 0.9, 3)),
                sub(s(SHEAR_X, 0.9, 4), s(AUTO_CONTRAST, 0.8, -1)),
                sub(s(SHEAR_Y, 0.9, 8), s(INVERT, 0.4, -1)),
                sub(s(SHEAR_Y, 0.9, 5), s(SOLARIZE, 0.2, 6)),
                sub(s(INVERT, 0.9, -1), s(AUTO_CONTRAST, 0.8, -1)),
                sub(s(EQUALIZE, 0.6, -1), s(ROTATE, 0.9, 3)),
                sub(s(SHEAR_X, 0.9, 4), s(SOLARIZE, 0.3, 3)),
                sub(s(SHEAR_Y, 0.8, 8), s(INVERT, 0.7, -1)),
                sub(s(EQUALIZE, 0.9, -1), s(TRANSLATE_Y, 0.6, 6)),
                sub(s(INVERT, 0.9, -1), s(EQUALIZE, 0.6, -1)),
                sub(s(CONTRAST, 0.3, 3), s(ROTATE, 0.8, 4)),
                sub(s(INVERT, 0.8, -1), s(TRANSLATE_Y, 0.0, 2)),
                sub(s(SHEAR_Y, 0.7, 6), s(SOLARIZE, 0.4, 8)),
                sub(s(INVERT, 0.6, -1), s(ROTATE, 0.8, 4)),
                sub(s(SHEAR_Y, 0.3, 7), s(TRANSLATE_X, 0.9, 3)),
                sub(s(SHEAR_X, 0.1, 6), s(INVERT, 0.6, -1)),
                sub(s(SOLARIZE, 0.7, 2), s(TRANSLATE_Y, 0.6, 7)),
                sub(s(SHEAR_Y, 0.8, 4), s(INVERT, 0.8, -1)),
                sub(s(SHEAR_X, 0.7, 9), s(TRANSLATE_Y, 0.8, 3)),
                sub(s(SHEAR_Y, 0.8, 5), s(AUTO_CONTRAST, 0.7, -1)),
                sub(s(SHEAR_X, 0.7, 2), s(INVERT, 0.1, -1)));
    }
}
