package org.sota4j.plots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Captions for soft targets, e.g. {@code "0.62 Coat + 0.38 Bag"}, to put under the images of a mixup (Zhang et al.
 * 2018, arXiv 1710.09412), CutMix (Yun et al. 2019, arXiv 1905.04899) or label-smoothed batch in
 * {@link Plots#imageGrid}: the largest class shares first, two decimals.
 */
public final class SoftLabels {

    private SoftLabels() {}

    /**
     * Returns one caption per row of N x K targets (see {@link #caption}).
     *
     * @param targets N x K class probabilities
     * @param classNames the K class names
     * @param top the most classes to name per caption, &gt;= 1
     */
    public static List<String> captions(NDArray targets, List<String> classNames, int top) {
        if (targets.getShape().dimension() != 2) {
            throw new IllegalArgumentException("targets must have shape (N, K), got " + targets.getShape());
        }
        int n = (int) targets.getShape().get(0);
        int k = (int) targets.getShape().get(1);
        float[] flat = targets.toType(DataType.FLOAT32, false).toFloatArray();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(caption(java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k), classNames, top));
        }
        return out;
    }

    /**
     * Returns the {@code top} largest shares of one target row with their class names, largest first (ties by class
     * index), joined by " + ", leaving out shares that round to 0.00.
     *
     * @param target K class probabilities
     * @param classNames the K class names
     * @param top the most classes to name, &gt;= 1
     */
    public static String caption(float[] target, List<String> classNames, int top) {
        if (top < 1) {
            throw new IllegalArgumentException("top must be >= 1, got " + top);
        }
        if (target.length != classNames.size()) {
            throw new IllegalArgumentException("target must have one share per class name (" + classNames.size()
                    + "), got " + target.length);
        }
        List<Integer> order = IntStream.range(0, target.length).boxed()
                .sorted(Comparator.comparingDouble((Integer c) -> -target[c]).thenComparingInt(c -> c)).toList();
        List<String> parts = new ArrayList<>();
        for (int c : order.subList(0, Math.min(top, order.size()))) {
            if (target[c] < 0.005f && !parts.isEmpty()) {
                break;
            }
            parts.add(String.format(Locale.ROOT, "%.2f %s", target[c], classNames.get(c)));
        }
        return String.join(" + ", parts);
    }
}
