package org.sota4j.semisupervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

class LabelPropagationTest {

    private static final int DIM = 8;

    /** Two Gaussian clusters around orthogonal directions e0 and e1 (points 0..m-1 and m..2m-1). */
    private static float[][] twoClusters(int perCluster, double sigma, Random random) {
        float[][] x = new float[2 * perCluster][DIM];
        for (int i = 0; i < x.length; i++) {
            int cluster = i < perCluster ? 0 : 1;
            for (int d = 0; d < DIM; d++) {
                x[i][d] = (float) ((d == cluster ? 1 : 0) + sigma * random.nextGaussian());
            }
        }
        return x;
    }

    private static NDArray array(NDManager manager, float[][] x) {
        return manager.create(x);
    }

    @Test
    void twoSeparatedClustersWithOneLabelEachAreLabelledCorrectly() {
        int m = 150;
        float[][] x = twoClusters(m, 0.15, new Random(1));
        int[] labels = new int[2 * m];
        Arrays.fill(labels, -1);
        labels[3] = 0;
        labels[m + 7] = 1;
        try (NDManager manager = NDManager.newBaseManager()) {
            LabelPropagation.Result result = LabelPropagation.builder().optK(10).optBlockSize(64).build()
                    .propagate(array(manager, x), labels, 2);
            for (int i = 0; i < 2 * m; i++) {
                assertEquals(i < m ? 0 : 1, result.labels()[i], "example " + i);
                assertTrue(result.weights()[i] >= 0 && result.weights()[i] <= 1, "weight " + result.weights()[i]);
                assertEquals(1.0, result.scores()[i][0] + result.scores()[i][1], 1e-5);
            }
            assertEquals(1f, result.weights()[3]);
            assertEquals(1f, result.weights()[m + 7]);
        }
    }

    /** A given label that contradicts its neighbourhood stays as given, and does not flip its cluster. */
    @Test
    void givenLabelsStayFixed() {
        int m = 100;
        float[][] x = twoClusters(m, 0.15, new Random(2));
        int[] labels = new int[2 * m];
        Arrays.fill(labels, -1);
        for (int i = 0; i < 10; i++) {
            labels[i * 7] = 0;          // ten class-0 labels in cluster 0
            labels[m + i * 7] = 1;      // ten class-1 labels in cluster 1
        }
        labels[50] = 1;                 // one wrong label inside cluster 0
        try (NDManager manager = NDManager.newBaseManager()) {
            LabelPropagation.Result result = LabelPropagation.builder().optK(10).build()
                    .propagate(array(manager, x), labels, 2);
            for (int i = 0; i < 2 * m; i++) {
                if (labels[i] >= 0) {
                    assertEquals(labels[i], result.labels()[i], "given label of " + i);
                    assertEquals(1f, result.weights()[i]);
                }
            }
            long cluster0AsZero = Arrays.stream(result.labels(), 0, m).filter(l -> l == 0).count();
            assertTrue(cluster0AsZero >= m - 5, "cluster 0 mostly class 0, got " + cluster0AsZero);
        }
    }

    /** A point between the clusters is less confident than points inside them. */
    @Test
    void confidenceIsLowerBetweenClusters() {
        int m = 150;
        float[][] base = twoClusters(m, 0.15, new Random(3));
        float[][] x = Arrays.copyOf(base, 2 * m + 1);
        x[2 * m] = new float[DIM];
        x[2 * m][0] = 1;
        x[2 * m][1] = 1; // equidistant from both cluster centres
        int[] labels = new int[2 * m + 1];
        Arrays.fill(labels, -1);
        labels[0] = 0;
        labels[m] = 1;
        try (NDManager manager = NDManager.newBaseManager()) {
            LabelPropagation.Result result = LabelPropagation.builder().optK(10).build()
                    .propagate(array(manager, x), labels, 2);
            double inside = 0;
            for (int i = 0; i < 2 * m; i++) {
                inside += result.weights()[i];
            }
            inside /= 2 * m;
            float between = result.weights()[2 * m];
            assertTrue(between < inside, "between " + between + " should be below mean inside " + inside);
        }
    }

    /**
     * Independent dense reference: W_ij = max(0, cos)^gamma on each row's k nearest others, W + W^T,
     * Wn = D^-1/2 W D^-1/2, Z = (I - alpha Wn)^-1 Y by Gaussian elimination; the CG result must match.
     */
    @Test
    void matchesADenseSolveOfTheIscenSystem() {
        int n = 14;
        int k = 3;
        int classes = 3;
        double alpha = 0.9;
        double gamma = 3;
        Random random = new Random(4);
        float[][] x = new float[n][4];
        for (float[] row : x) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) random.nextGaussian() + (d == 0 ? 1.5f : 0f);
            }
        }
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        labels[0] = 0;
        labels[1] = 1;
        labels[2] = 2;
        labels[5] = 1;

        double[][] cos = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double ni = 0;
                double nj = 0;
                for (int d = 0; d < 4; d++) {
                    dot += x[i][d] * x[j][d];
                    ni += x[i][d] * x[i][d];
                    nj += x[j][d] * x[j][d];
                }
                cos[i][j] = dot / Math.sqrt(ni * nj);
            }
        }
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            final int row = i;
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) {
                order[j] = j;
            }
            Arrays.sort(order, (a, b) -> Double.compare(cos[row][b], cos[row][a]));
            int taken = 0;
            for (int t = 0; t < n && taken < k; t++) {
                int j = order[t];
                if (j == i) {
                    continue;
                }
                double v = Math.pow(Math.max(0, cos[i][j]), gamma);
                w[i][j] += v;
                w[j][i] += v;
                taken++;
            }
        }
        double[] deg = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                deg[i] += w[i][j];
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (i == j ? 1 : 0) - alpha * w[i][j] / Math.sqrt(deg[i] * deg[j]);
            }
        }
        int[] counts = new int[classes];
        for (int l : labels) {
            if (l >= 0) {
                counts[l]++;
            }
        }
        double[][] z = new double[classes][];
        for (int c = 0; c < classes; c++) {
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                if (labels[i] == c) {
                    y[i] = 1.0 / counts[c];
                }
            }
            z[c] = solve(a, y);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            LabelPropagation.Result result = LabelPropagation.builder().optK(k).optGamma(gamma).optAlpha(alpha)
                    .optMaxIterations(200).optTolerance(1e-12).build().propagate(array(manager, x), labels, classes);
            for (int i = 0; i < n; i++) {
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    sum += Math.max(0, z[c][i]);
                }
                float[] expected = new float[classes];
                double entropy = 0;
                int best = 0;
                for (int c = 0; c < classes; c++) {
                    expected[c] = (float) (Math.max(0, z[c][i]) / sum);
                    if (expected[c] > 0) {
                        entropy -= expected[c] * Math.log(expected[c]);
                    }
                    if (expected[c] > expected[best]) {
                        best = c;
                    }
                }
                assertArrayEquals(expected, result.scores()[i], 1e-4f, "scores of " + i);
                if (labels[i] < 0) {
                    assertEquals(best, result.labels()[i]);
                    assertEquals(1 - entropy / Math.log(classes), result.weights()[i], 1e-4);
                }
            }
        }
    }

    private static double[] solve(double[][] matrix, double[] rhs) {
        int n = rhs.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = Arrays.copyOf(matrix[i], n + 1);
            m[i][n] = rhs[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = m[i][n] / m[i][i];
        }
        return x;
    }

    @Test
    void badInputIsRejectedWithTheParameterName() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.randomNormal(new ai.djl.ndarray.types.Shape(10, 3));
            LabelPropagation lp = LabelPropagation.builder().optK(3).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> lp.propagate(x, new int[] {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1}, 2));
            assertTrue(e.getMessage().contains("labels"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> lp.propagate(x, new int[] {0, 5, -1, -1, -1, -1, -1, -1, -1, -1}, 2));
            assertTrue(e.getMessage().contains("labels[1]") && e.getMessage().contains("5"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> LabelPropagation.builder().optAlpha(1.0).build());
            assertTrue(e.getMessage().contains("alpha") && e.getMessage().contains("1.0"), e.getMessage());
        }
    }
}
