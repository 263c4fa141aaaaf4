package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The image operations of AutoAugment (Cubuk et al. 2019, arXiv 1805.09501), RandAugment (Cubuk et al. 2020,
 * arXiv 1909.13719) and TrivialAugment (Müller and Hutter 2021, arXiv 2103.10158), with the meaning of the
 * magnitude that torchvision 0.14's {@code autoaugment._apply_op} gives them (geometry: nearest sampling).
 * Use {@link #applyEach} to apply fixed per-image operations; the random augmenters draw and then call it.
 */
public enum AugmentOp {
    /** No change. */
    IDENTITY("Identity"),
    /** Horizontal shear by factor m about the top-left corner (torchvision passes center=[0, 0]). */
    SHEAR_X("ShearX"),
    /** Vertical shear by factor m about the top-left corner. */
    SHEAR_Y("ShearY"),
    /** Horizontal translation by int(m) pixels. */
    TRANSLATE_X("TranslateX"),
    /** Vertical translation by int(m) pixels. */
    TRANSLATE_Y("TranslateY"),
    /** Counter-clockwise rotation by m degrees about the image centre. */
    ROTATE("Rotate"),
    /** Brightness factor 1 + m. */
    BRIGHTNESS("Brightness"),
    /** Saturation factor 1 + m. */
    COLOR("Color"),
    /** Contrast factor 1 + m. */
    CONTRAST("Contrast"),
    /** Sharpness factor 1 + m. */
    SHARPNESS("Sharpness"),
    /** Keep int(m) bits. */
    POSTERIZE("Posterize"),
    /** Invert values >= m. */
    SOLARIZE("Solarize"),
    /** Stretch each channel to [0, 255] (magnitude ignored). */
    AUTO_CONTRAST("AutoContrast"),
    /** Histogram equalization per channel (magnitude ignored). */
    EQUALIZE("Equalize"),
    /** 255 - value (magnitude ignored; AutoAugment policies only). */
    INVERT("Invert");

    private final String torchvisionName;

    AugmentOp(String torchvisionName) {
        this.torchvisionName = torchvisionName;
    }

    /** The name torchvision uses for this operation, e.g. "ShearX". */
    public String torchvisionName() {
        return torchvisionName;
    }

    /** Whether the operation moves pixels (applied with one nearest-neighbour gather). */
    public boolean isGeometric() {
        return this == SHEAR_X || this == SHEAR_Y || this == TRANSLATE_X || this == TRANSLATE_Y || this == ROTATE;
    }

    /** Looks an operation up by its torchvision name. */
    public static AugmentOp fromTorchvisionName(String name) {
        for (AugmentOp op : values()) {
            if (op.torchvisionName.equals(name)) {
                return op;
            }
        }
        List<String> known = new ArrayList<>();
        for (AugmentOp op : values()) {
            known.add(op.torchvisionName);
        }
        throw new IllegalArgumentException("unknown operation name '" + name + "', expected one of " + known);
    }

    /** The inverse affine matrix of a geometric op with (signed) magnitude m on an h x w image. */
    double[] inverseMatrix(double m, int h, int w) {
        switch (this) {
            case SHEAR_X:
                return Geometry.inverseAffine(-w * 0.5, -h * 0.5, 0, 0, 0, Math.toDegrees(Math.atan(m)), 0);
            case SHEAR_Y:
                return Geometry.inverseAffine(-w * 0.5, -h * 0.5, 0, 0, 0, 0, Math.toDegrees(Math.atan(m)));
            case TRANSLATE_X:
                return Geometry.inverseAffine(0, 0, 0, (int) m, 0, 0, 0);
            case TRANSLATE_Y:
                return Geometry.inverseAffine(0, 0, 0, 0, (int) m, 0, 0);
            case ROTATE:
                return Geometry.inverseAffine(0, 0, -m, 0, 0, 0, 0);
            default:
                return new double[] {1, 0, 0, 0, 1, 0};
        }
    }

    /** Applies this operation to every image of the batch, image i with magnitude {@code magnitudes[i]}. */
    public NDArray apply(NDArray images, double[] magnitudes, float[] fill) {
        int[] d = Batches.checkImages(images);
        Batches.checkLength("magnitudes", magnitudes.length, d[0]);
        int n = d[0];
        if (isGeometric()) {
            double[][] matrices = new double[n][];
            for (int i = 0; i < n; i++) {
                matrices[i] = inverseMatrix(magnitudes[i], d[2], d[3]);
            }
            return Geometry.warpNearest(images, matrices, fill);
        }
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = 1.0 + magnitudes[i];
        }
        switch (this) {
            case IDENTITY:
                return images;
            case BRIGHTNESS:
                return ColorOps.brightness(images, f);
            case COLOR:
                return ColorOps.saturation(images, f);
            case CONTRAST:
                return ColorOps.contrast(images, f);
            case SHARPNESS:
                return ColorOps.sharpness(images, f);
            case POSTERIZE:
                int[] bits = new int[n];
                for (int i = 0; i < n; i++) {
                    bits[i] = (int) magnitudes[i];
                }
                return ColorOps.posterize(images, bits);
            case SOLARIZE:
                return ColorOps.solarize(images, magnitudes);
            case AUTO_CONTRAST:
                return ColorOps.autoContrast(images);
            case EQUALIZE:
                return ColorOps.equalize(images);
            case INVERT:
                return ColorOps.invert(images);
            default:
                throw new IllegalStateException("unhandled op " + this);
        }
    }

    /**
     * Applies operation {@code ops[i]} with magnitude {@code magnitudes[i]} (already signed, as in torchvision's
     * {@code _apply_op}) to image i. Images are grouped by operation; all geometric operations of the batch share
     * one gather. Out-of-image pixels take {@code fill} (null = 0, else 1 or C values in 0..255).
     */
    public static NDArray applyEach(NDArray images, AugmentOp[] ops, double[] magnitudes, float[] fill) {
        int[] d = Batches.checkImages(images);
        int n = d[0];
        Batches.checkLength("ops", ops.length, n);
        Batches.checkLength("magnitudes", magnitudes.length, n);
        Batches.expandFill(Batches.checkFill(fill), d[1]);
        Map<AugmentOp, List<Integer>> groups = new EnumMap<>(AugmentOp.class);
        List<Integer> geometric = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (ops[i] == null) {
                throw new IllegalArgumentException("ops[" + i + "] must not be null");
            }
            if (ops[i].isGeometric()) {
                geometric.add(i);
            } else if (ops[i] != IDENTITY) {
                groups.computeIfAbsent(ops[i], k -> new ArrayList<>()).add(i);
            }
        }
        if (geometric.isEmpty() && groups.isEmpty()) {
            return images;
        }
        if (geometric.size() == n) {
            double[][] matrices = new double[n][];
            for (int i = 0; i < n; i++) {
                matrices[i] = ops[i].inverseMatrix(magnitudes[i], d[2], d[3]);
            }
            return Geometry.warpNearest(images, matrices, fill);
        }
        if (groups.size() == 1 && groups.values().iterator().next().size() == n) {
            return ops[0].apply(images, magnitudes, fill);
        }
        return Batches.scoped(images, x -> {
            long[] inverse = new long[n];
            NDList parts = new NDList();
            int pos = 0;
            List<List<Integer>> all = new ArrayList<>();
            if (!geometric.isEmpty()) {
                all.add(geometric);
            }
            all.addAll(groups.values());
            boolean[] used = new boolean[n];
            for (List<Integer> group : all) {
                long[] idx = new long[group.size()];
                double[] mags = new double[group.size()];
                double[][] matrices = new double[group.size()][];
                for (int k = 0; k < idx.length; k++) {
                    int i = group.get(k);
                    idx[k] = i;
                    mags[k] = magnitudes[i];
                    matrices[k] = ops[i].inverseMatrix(magnitudes[i], d[2], d[3]);
                    used[i] = true;
                    inverse[i] = pos++;
                }
                NDArray sub = Batches.take(x, idx);
                AugmentOp op = ops[group.get(0)];
                parts.add(op.isGeometric() ? Geometry.warpNearest(sub, matrices, fill) : op.apply(sub, mags, fill));
            }
            List<Long> rest = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!used[i]) {
                    rest.add((long) i);
                    inverse[i] = pos++;
                }
            }
            if (!rest.isEmpty()) {
                parts.add(Batches.take(x, rest.stream().mapToLong(Long::longValue).toArray()));
            }
            NDArray sorted = NDArrays.concat(parts, 0);
            return Batches.take(sorted, inverse);
        });
    }
}
