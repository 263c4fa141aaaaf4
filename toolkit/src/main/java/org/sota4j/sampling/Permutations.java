package org.sota4j.sampling;

import java.util.Random;

/** Random permutations drawn with the Fisher-Yates shuffle, the one every sampler and split of the toolkit uses. */
public final class Permutations {

    private Permutations() {}

    /**
     * Returns 0..n-1 in random order: for i from n - 1 down to 1, swap position i with position
     * {@code random.nextInt(i + 1)} (Durstenfeld's Fisher-Yates), so the same generator state gives the same order.
     */
    public static int[] shuffled(int n, Random random) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
