package org.sota4j.metrics;

import ai.djl.Model;

import org.sota4j.augmentation.BatchTransform;
import org.sota4j.datasets.ImageTensorDataset;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * How well a classifier's confidence matches its accuracy, after Guo et al. 2017 ("On Calibration of Modern
 * Neural Networks", arXiv 1706.04599): the expected calibration error (ECE) over M equal-width confidence bins
 * {@code ((m-1)/M, m/M]}, the maximum calibration error, the negative log-likelihood and the per-bin data of a
 * reliability diagram. Use it on held-out probabilities ({@link Evaluation#probabilities}), e.g. to test the claim
 * that label smoothing improves calibration (Müller, Kornblith and Hinton 2019, arXiv 1906.02629); the default of
 * 15 bins is Guo et al.'s.
 */
public final class Calibration {

    /** Guo et al.'s number of bins. */
    public static final int DEFAULT_BINS = 15;

    /** Tolerance of the check that each probability row sums to one (softmax in float32 is off by ~1e-6). */
    private static final double ROW_SUM_TOLERANCE = 1e-3;

    /**
     * One confidence bin {@code (lower, upper]}: how many predictions fell in it, their accuracy and their mean
     * confidence (both NaN when the bin is empty).
     *
     * @param index the bin, from 0
     * @param lower the exclusive lower edge
     * @param upper the inclusive upper edge
     * @param count the number of predictions whose confidence lies in the bin
     * @param accuracy the share of those predictions that are right
     * @param confidence the mean confidence (top-class probability) of those predictions
     */
    public record Bin(int index, double lower, double upper, int count, double accuracy, double confidence) {

        /** Returns confidence minus accuracy: positive for over-confidence, NaN when empty. */
        public double gap() {
            return confidence - accuracy;
        }

        /** Returns whether no prediction fell in the bin. */
        public boolean isEmpty() {
            return count == 0;
        }
    }

    private final List<Bin> bins;
    private final int size;
    private final double ece;
    private final double mce;
    private final double accuracy;
    private final double meanConfidence;
    private final double nll;

    private Calibration(List<Bin> bins, int size, double ece, double mce, double accuracy, double meanConfidence,
            double nll) {
        this.bins = Collections.unmodifiableList(bins);
        this.size = size;
        this.ece = ece;
        this.mce = mce;
        this.accuracy = accuracy;
        this.meanConfidence = meanConfidence;
        this.nll = nll;
    }

    /** Returns the calibration of the probabilities against the labels with {@link #DEFAULT_BINS} bins. */
    public static Calibration of(float[][] probabilities, int[] labels) {
        return of(probabilities, labels, DEFAULT_BINS);
    }

    /**
     * Returns the calibration of class probabilities against the true labels: the prediction is the arg-max
     * (the first one on ties), its confidence the largest probability, binned into {@code numBins} equal-width
     * bins {@code ((m-1)/M, m/M]}.
     *
     * @param probabilities one row of K class probabilities (each in [0, 1], summing to 1) per example
     * @param labels the true class of each example, in [0, K)
     * @param numBins the number of bins M, &gt;= 1
     */
    public static Calibration of(float[][] probabilities, int[] labels, int numBins) {
        if (numBins < 1) {
            throw new IllegalArgumentException("numBins must be >= 1, got " + numBins);
        }
        if (probabilities == null || labels == null) {
            throw new IllegalArgumentException("probabilities and labels must not be null, got "
                    + (probabilities == null ? "null" : "an array") + " and " + (labels == null ? "null" : "an array"));
        }
        if (probabilities.length != labels.length) {
            throw new IllegalArgumentException("probabilities and labels must have the same length, got "
                    + probabilities.length + " and " + labels.length);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("probabilities must hold at least one row, got 0");
        }
        int n = labels.length;
        int[] count = new int[numBins];
        int[] correct = new int[numBins];
        double[] confidenceSum = new double[numBins];
        double nllSum = 0;
        int k = probabilities[0].length;
        for (int i = 0; i < n; i++) {
            float[] p = probabilities[i];
            if (p == null || p.length != k) {
                throw new IllegalArgumentException("probabilities[" + i + "] must have " + k
                        + " classes like row 0, got " + (p == null ? "null" : p.length));
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + k + "), got " + labels[i]);
            }
            int best = 0;
            double sum = 0;
            for (int c = 0; c < k; c++) {
                if (!(p[c] >= 0 && p[c] <= 1)) {
                    throw new IllegalArgumentException("probabilities[" + i + "][" + c + "] must be in [0, 1], got "
                            + p[c]);
                }
                sum += p[c];
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                throw new IllegalArgumentException("probabilities[" + i + "] must sum to 1 (within " + ROW_SUM_TOLERANCE
                        + "), got " + sum);
            }
            double confidence = p[best];
            int b = binOf(confidence, numBins);
            count[b]++;
            confidenceSum[b] += confidence;
            if (best == labels[i]) {
                correct[b]++;
            }
            nllSum -= Math.log(p[labels[i]]);
        }
        List<Bin> bins = new ArrayList<>(numBins);
        double ece = 0;
        double mce = 0;
        long right = 0;
        double confidenceTotal = 0;
        for (int b = 0; b < numBins; b++) {
            double acc = count[b] == 0 ? Double.NaN : (double) correct[b] / count[b];
            double conf = count[b] == 0 ? Double.NaN : confidenceSum[b] / count[b];
            bins.add(new Bin(b, lower(b, numBins), upper(b, numBins), count[b], acc, conf));
            if (count[b] > 0) {
                double gap = Math.abs(acc - conf);
                ece += (double) count[b] / n * gap;
                mce = Math.max(mce, gap);
            }
            right += correct[b];
            confidenceTotal += confidenceSum[b];
        }
        return new Calibration(bins, n, ece, mce, (double) right / n, confidenceTotal / n, nllSum / n);
    }

    /**
     * Returns the calibration of a trained model on a dataset: {@link Evaluation#probabilities} then
     * {@link #of(float[][], int[], int)}.
     *
     * @param mean per-channel mean of [0, 1] pixels
     * @param std per-channel standard deviation of [0, 1] pixels
     * @param evalTransform applied before normalization, or {@code null}
     */
    public static Calibration evaluate(Model model, ImageTensorDataset data, float[] mean, float[] std,
            BatchTransform evalTransform, int numBins) {
        float[][] p = Evaluation.probabilities(model, data.getImages(), mean, std, evalTransform);
        return of(p, data.getLabels(), numBins);
    }

    /** The bin of a confidence: m with {@code m/M < c <= (m+1)/M}; bin 0 also holds c = 0. */
    static int binOf(double confidence, int numBins) {
        int b = (int) Math.ceil(confidence * numBins) - 1;
        b = Math.max(0, Math.min(numBins - 1, b));
        // guard against rounding in confidence * M: the edges are m / M as computed by lower and upper
        while (b > 0 && confidence <= lower(b, numBins)) {
            b--;
        }
        while (b < numBins - 1 && confidence > upper(b, numBins)) {
            b++;
        }
        return b;
    }

    private static double lower(int bin, int numBins) {
        return (double) bin / numBins;
    }

    private static double upper(int bin, int numBins) {
        return (double) (bin + 1) / numBins;
    }

    /** ECE = sum over bins of (count / N) * |accuracy - confidence| (Guo et al. 2017, eq. 3). */
    public double expectedCalibrationError() {
        return ece;
    }

    /** MCE = the largest |accuracy - confidence| over the non-empty bins (Guo et al. 2017, eq. 5). */
    public double maxCalibrationError() {
        return mce;
    }

    /** The top-1 accuracy over all examples. */
    public double accuracy() {
        return accuracy;
    }

    /** The mean confidence over all examples; above {@link #accuracy()} means over-confident on average. */
    public double meanConfidence() {
        return meanConfidence;
    }

    /** The mean negative log-likelihood of the true class (natural log; infinite if a true class has probability 0). */
    public double negativeLogLikelihood() {
        return nll;
    }

    /** The bins, in order of confidence (the reliability diagram's data). */
    public List<Bin> bins() {
        return bins;
    }

    /** The number of bins M. */
    public int numBins() {
        return bins.size();
    }

    /** The number of examples N. */
    public int size() {
        return size;
    }

    /**
     * Returns one row per bin: edges, count, accuracy, mean confidence and gap (NaN for empty bins); needs
     * Tablesaw.
     */
    public Table toTable(String name) {
        return Table.create(name,
                IntColumn.create("bin", bins.stream().mapToInt(Bin::index).toArray()),
                DoubleColumn.create("lower", bins.stream().mapToDouble(Bin::lower).toArray()),
                DoubleColumn.create("upper", bins.stream().mapToDouble(Bin::upper).toArray()),
                IntColumn.create("count", bins.stream().mapToInt(Bin::count).toArray()),
                DoubleColumn.create("accuracy", bins.stream().mapToDouble(Bin::accuracy).toArray()),
                DoubleColumn.create("confidence", bins.stream().mapToDouble(Bin::confidence).toArray()),
                DoubleColumn.create("gap", bins.stream().mapToDouble(Bin::gap).toArray()));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Calibration(N=%d, bins=%d, accuracy=%.4f, confidence=%.4f, "
                + "ECE=%.4f, MCE=%.4f, NLL=%.4f)",
                size, bins.size(), accuracy, meanConfidence, ece, mce, nll);
    }
}
