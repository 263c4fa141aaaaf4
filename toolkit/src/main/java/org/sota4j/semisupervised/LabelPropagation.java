package org.sota4j.semisupervised;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

import java.util.Arrays;

/**
 * Graph label propagation (Zhou et al. 2004, "Learning with local and global consistency") on a kNN graph of
 * embeddings, in the form of Iscen et al. 2019, "Label Propagation for Deep Semi-supervised Learning"
 * (arXiv 1904.04717): pseudo-label the unlabelled examples of a data set from a few labelled ones, with a per-example
 * confidence weight for the pseudo-label loss. Defaults (k 50, gamma 3, alpha 0.99, 20 conjugate-gradient
 * iterations) are Iscen et al.'s.
 *
 * <p>Rows are L2-normalized, similarities {@code s_ij} are cosine; each row keeps its k nearest other rows with
 * {@code W_ij = max(0, s_ij)^gamma}; {@code W <- W + W^T}; {@code Wn = D^-1/2 W D^-1/2}. For each class c,
 * {@code (I - alpha Wn) z_c = y_c} is solved by conjugate gradient, with {@code y_c = 1/|L_c|} on the examples labelled
 * c. Negative scores are zeroed, rows normalized to sum 1; the prediction is the argmax and the weight is
 * {@code 1 - H(z_i)/log K} (Iscen et al. eq. 11, without their division by the maximum weight). Labelled examples keep
 * their label with weight 1; an example with no path to a label gets weight 0. The kNN search is an NDArray matmul in
 * row blocks on the embeddings' device; the sparse solve runs in Java arrays (N up to ~10^4-10^5 on CPU).
 */
public final class LabelPropagation {

    private final int k;
    private final double gamma;
    private final double alpha;
    private final int maxIterations;
    private final double tolerance;
    private final int blockSize;

    private LabelPropagation(Builder builder) {
        this.k = builder.k;
        this.gamma = builder.gamma;
        this.alpha = builder.alpha;
        this.maxIterations = builder.maxIterations;
        this.tolerance = builder.tolerance;
        this.blockSize = builder.blockSize;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Propagated labels: predictions, confidence weights and normalized class scores. */
    public static final class Result {
        private final int[] labels;
        private final float[] weights;
        private final float[][] scores;

        Result(int[] labels, float[] weights, float[][] scores) {
            this.labels = labels;
            this.weights = weights;
            this.scores = scores;
        }

        /** Returns the label of every example: the given label if labelled, else the argmax of its scores. */
        public int[] labels() {
            return labels;
        }

        /** Returns the confidence in [0, 1] of every example ({@code 1 - H/log K}; 1 for labelled examples). */
        public float[] weights() {
            return weights;
        }

        /** Returns the N x K propagated scores, each row non-negative and summing to 1 (or all zero). */
        public float[][] scores() {
            return scores;
        }
    }

    /**
     * Propagates labels.
     *
     * @param embeddings N x D features (any float type, any device)
     * @param labels length N: a class in [0, numClasses) for labelled examples, -1 for unlabelled ones
     * @param numClasses number of classes K
     * @return predictions, weights and scores
     */
    public Result propagate(NDArray embeddings, int[] labels, int numClasses) {
        if (embeddings.getShape().dimension() != 2) {
            throw new IllegalArgumentException("embeddings must be N x D, got shape " + embeddings.getShape());
        }
        int n = (int) embeddings.getShape().get(0);
        if (labels.length != n) {
            throw new IllegalArgumentException("labels must have one entry per embedding row (" + n + "), got "
                    + labels.length);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        if (k >= n) {
            throw new IllegalArgumentException("k must be < number of examples " + n + ", got " + k);
        }
        int[] classCounts = new int[numClasses];
        for (int i = 0; i < n; i++) {
            if (labels[i] < -1 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("labels[" + i + "] must be -1 or in [0, " + numClasses + "), got "
                        + labels[i]);
            }
            if (labels[i] >= 0) {
                classCounts[labels[i]]++;
            }
        }
        if (Arrays.stream(classCounts).sum() == 0) {
            throw new IllegalArgumentException("labels must contain at least one labelled example, got none");
        }

        int[][] neighbours = new int[n][];
        float[][] similarities = new float[n][];
        nearestNeighbours(embeddings, neighbours, similarities);
        SparseGraph graph = SparseGraph.normalizedAffinity(neighbours, similarities, gamma);

        double[][] y = new double[numClasses][n];
        for (int i = 0; i < n; i++) {
            if (labels[i] >= 0) {
                y[labels[i]][i] = 1.0 / classCounts[labels[i]];
            }
        }
        double[][] z = new double[numClasses][];
        for (int c = 0; c < numClasses; c++) {
            z[c] = conjugateGradient(graph, y[c]);
        }
        return finish(z, labels, n, numClasses);
    }

    private void nearestNeighbours(NDArray embeddings, int[][] neighbours, float[][] similarities) {
        int n = neighbours.length;
        int take = k + 1; // the row itself is (normally) among the top k+1
        try (NDManager scope = embeddings.getManager().newSubManager()) {
            NDArray x = embeddings.toType(DataType.FLOAT32, true);
            x.attach(scope);
            NDArray normalized = x.normalize(2, 1, 1e-12);
            normalized.attach(scope);
            NDArray transposed = normalized.transpose();
            transposed.attach(scope);
            for (int start = 0; start < n; start += blockSize) {
                int end = Math.min(n, start + blockSize);
                try (NDManager blockScope = scope.newSubManager()) {
                    NDArray rows = normalized.get(new NDIndex(start + ":" + end));
                    rows.attach(blockScope);
                    NDArray sims = rows.matMul(transposed);
                    sims.attach(blockScope);
                    NDList top = sims.topK(take, 1, true, true);
                    top.attach(blockScope);
                    float[] values = top.get(0).toFloatArray();
                    long[] indices = top.get(1).toType(DataType.INT64, false).toLongArray();
                    for (int r = 0; r < end - start; r++) {
                        int row = start + r;
                        int[] nb = new int[k];
                        float[] sim = new float[k];
                        int m = 0;
                        for (int t = 0; t < take && m < k; t++) {
                            int j = (int) indices[r * take + t];
                            if (j == row) {
                                continue;
                            }
                            nb[m] = j;
                            sim[m] = values[r * take + t];
                            m++;
                        }
                        neighbours[row] = nb;
                        similarities[row] = sim;
                    }
                }
            }
        }
    }

    /** Solves (I - alpha Wn) x = b from x = 0, stopping at ||r|| <= tolerance ||b|| (scipy's cg criterion). */
    private double[] conjugateGradient(SparseGraph graph, double[] b) {
        int n = b.length;
        double[] x = new double[n];
        double bNorm = Math.sqrt(dot(b, b));
        if (bNorm == 0) {
            return x;
        }
        double[] r = b.clone();
        double[] p = r.clone();
        double[] ap = new double[n];
        double rr = dot(r, r);
        for (int iteration = 0; iteration < maxIterations && Math.sqrt(rr) > tolerance * bNorm; iteration++) {
            graph.multiply(p, ap);
            for (int i = 0; i < n; i++) {
                ap[i] = p[i] - alpha * ap[i];
            }
            double step = rr / dot(p, ap);
            for (int i = 0; i < n; i++) {
                x[i] += step * p[i];
                r[i] -= step * ap[i];
            }
            double rrNext = dot(r, r);
            double beta = rrNext / rr;
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + beta * p[i];
            }
            rr = rrNext;
        }
        return x;
    }

    private static Result finish(double[][] z, int[] given, int n, int numClasses) {
        int[] labels = new int[n];
        float[] weights = new float[n];
        float[][] scores = new float[n][numClasses];
        double logK = Math.log(numClasses);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            int best = 0;
            for (int c = 0; c < numClasses; c++) {
                double v = Math.max(0, z[c][i]);
                sum += v;
                if (v > Math.max(0, z[best][i])) {
                    best = c;
                }
            }
            double entropy = 0;
            if (sum > 0) {
                for (int c = 0; c < numClasses; c++) {
                    double p = Math.max(0, z[c][i]) / sum;
                    scores[i][c] = (float) p;
                    if (p > 0) {
                        entropy -= p * Math.log(p);
                    }
                }
            }
            if (given[i] >= 0) {
                labels[i] = given[i];
                weights[i] = 1f;
            } else {
                labels[i] = best;
                weights[i] = sum == 0 ? 0f : numClasses == 1 ? 1f : (float) Math.max(0, 1 - entropy / logK);
            }
        }
        return new Result(labels, weights, scores);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Builder for {@link LabelPropagation}; defaults are Iscen et al.'s. */
    public static final class Builder {
        private int k = 50;
        private double gamma = 3;
        private double alpha = 0.99;
        private int maxIterations = 20;
        private double tolerance = 1e-6;
        private int blockSize = 1024;

        private Builder() {}

        /** Sets the number of neighbours per example (default 50). */
        public Builder optK(int k) {
            this.k = k;
            return this;
        }

        /** Sets the power applied to cosine similarities (default 3). */
        public Builder optGamma(double gamma) {
            this.gamma = gamma;
            return this;
        }

        /** Sets the propagation strength in (0, 1) (default 0.99). */
        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Sets the maximum conjugate-gradient iterations per class (default 20). */
        public Builder optMaxIterations(int maxIterations) {
            this.maxIterations = maxIterations;
            return this;
        }

        /** Sets the relative residual at which conjugate gradient stops (default 1e-6). */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** Sets the number of rows per similarity block (memory: blockSize x N floats; default 1024). */
        public Builder optBlockSize(int blockSize) {
            this.blockSize = blockSize;
            return this;
        }

        /** Validates and builds. */
        public LabelPropagation build() {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("gamma must be finite and > 0, got " + gamma);
            }
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
            }
            if (maxIterations < 1) {
                throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
            }
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException("tolerance must be finite and >= 0, got " + tolerance);
            }
            if (blockSize < 1) {
                throw new IllegalArgumentException("blockSize must be >= 1, got " + blockSize);
            }
            return new LabelPropagation(this);
        }
    }
}
