package org.sota4j.semisupervised;

/** Symmetric normalized kNN affinity {@code D^-1/2 (W + W^T) D^-1/2} in compressed sparse rows. */
final class SparseGraph {

    private final int[] rowStart;
    private final int[] columns;
    private final double[] values;

    private SparseGraph(int[] rowStart, int[] columns, double[] values) {
        this.rowStart = rowStart;
        this.columns = columns;
        this.values = values;
    }

    /**
     * Builds the graph from each row's neighbours and cosine similarities: {@code W_ij = max(0, s_ij)^gamma} on the
     * kNN, {@code W + W^T} (an edge found from both ends counts twice), no self loops, rows normalized by
     * {@code D^-1/2 W D^-1/2} with degree 0 treated as 1.
     */
    static SparseGraph normalizedAffinity(int[][] neighbours, float[][] similarities, double gamma) {
        int n = neighbours.length;
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j : neighbours[i]) {
                if (j != i) {
                    counts[i]++;
                    counts[j]++;
                }
            }
        }
        int[] rowStart = new int[n + 1];
        for (int i = 0; i < n; i++) {
            rowStart[i + 1] = rowStart[i] + counts[i];
        }
        int[] fill = rowStart.clone();
        int[] columns = new int[rowStart[n]];
        double[] values = new double[rowStart[n]];
        double[] degree = new double[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < neighbours[i].length; t++) {
                int j = neighbours[i][t];
                if (j == i) {
                    continue;
                }
                double w = Math.pow(Math.max(0, similarities[i][t]), gamma);
                columns[fill[i]] = j;
                values[fill[i]++] = w;
                columns[fill[j]] = i;
                values[fill[j]++] = w;
                degree[i] += w;
                degree[j] += w;
            }
        }
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = 1 / Math.sqrt(degree[i] == 0 ? 1 : degree[i]);
        }
        for (int i = 0; i < n; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                values[e] *= scale[i] * scale[columns[e]];
            }
        }
        return new SparseGraph(rowStart, columns, values);
    }

    /** Computes {@code out = Wn x}. */
    void multiply(double[] x, double[] out) {
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                s += values[e] * x[columns[e]];
            }
            out[i] = s;
        }
    }
}
