package org.sota4j.metrics;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;

import org.sota4j.augmentation.BatchTransform;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.training.TrainingLoop;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Inference with a trained model, batched over a resident dataset: predicted classes, class
 * probabilities (for calibration) and accuracy, each with an optional evaluation transform
 * (resize, center crop) applied on the 0..255 scale before normalization.
 */
public final class Evaluation {

    private static final int BATCH = 500;

    private Evaluation() {}

    /**
     * Returns the softmax probabilities, one row of K per image.
     *
     * @param model the trained model
     * @param images uint8 (or float on the 0..255 scale) N x C x H x W
     * @param mean per-channel mean of [0, 1] pixels
     * @param std per-channel standard deviation of [0, 1] pixels
     * @param evalTransform applied before normalization, or {@code null}
     */
    public static float[][] probabilities(Model model, NDArray images, float[] mean, float[] std,
            BatchTransform evalTransform) {
        int n = (int) images.getShape().get(0);
        float[][] out = new float[n][];
        try (NDManager manager = model.getNDManager().newSubManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            int channels = (int) images.getShape().get(1);
            NDArray m = manager.create(scale(mean, channels)).reshape(1, channels, 1, 1);
            NDArray s = manager.create(scale(std, channels)).reshape(1, channels, 1, 1);
            for (int from = 0; from < n; from += BATCH) {
                int to = Math.min(n, from + BATCH);
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = TrainingLoop.gather(images, IntStream.range(from, to).toArray(), step);
                    if (evalTransform != null) {
                        x = evalTransform.apply(x, new Random(0));
                    }
                    x = x.sub(m).div(s);
                    NDArray logits = model.getBlock().forward(store, new NDList(x), false).singletonOrThrow();
                    NDArray p = logits.softmax(1).toType(DataType.FLOAT32, false);
                    int k = (int) p.getShape().get(1);
                    float[] flat = p.toFloatArray();
                    for (int i = 0; i < to - from; i++) {
                        out[from + i] = java.util.Arrays.copyOfRange(flat, i * k, (i + 1) * k);
                    }
                }
            }
        }
        return out;
    }

    /** Returns the predicted class of each image (see {@link #probabilities}). */
    public static int[] predict(Model model, NDArray images, float[] mean, float[] std, BatchTransform evalTransform) {
        float[][] p = probabilities(model, images, mean, std, evalTransform);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                if (p[i][k] > p[i][best]) {
                    best = k;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Returns the top-1 accuracy of the model on the dataset. */
    public static double accuracy(Model model, ImageTensorDataset data, float[] mean, float[] std,
            BatchTransform evalTransform) {
        int[] predicted = predict(model, data.getImages(), mean, std, evalTransform);
        int[] labels = data.getLabels();
        long correct = IntStream.range(0, labels.length).filter(i -> predicted[i] == labels[i]).count();
        return (double) correct / labels.length;
    }

    private static float[] scale(float[] v, int channels) {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = v[v.length == 1 ? 0 : c] * 255f;
        }
        return out;
    }
}
