package org.sota4j.semisupervised;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.sota4j.datasets.ImageTensorDataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The bookkeeping around {@link LabelPropagation} in the pipeline of Iscen et al. 2019 (arXiv 1904.04717): hide all
 * but a few labels per class of a training set, score the propagated pseudo-labels against the hidden truth, and build
 * the data set of labelled plus (confident) pseudo-labelled images to retrain on. Use it to run semi-supervised
 * experiments on a fully labelled benchmark.
 */
public final class PseudoLabels {

    private PseudoLabels() {}

    /**
     * Returns a copy of {@code labels} in which all but {@code perClass} randomly chosen labels of every class are
     * replaced by -1 (unlabelled), the form {@link LabelPropagation#propagate} takes.
     *
     * @param labels the true label of every example, in [0, numClasses)
     * @param numClasses the number of classes
     * @param perClass labels to keep per class, {@code >= 1} and at most the smallest class's size
     * @param seed the seed of the random choice
     */
    public static int[] keepPerClass(int[] labels, int numClasses, int perClass, long seed) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + numClasses + "), got "
                        + labels[i]);
            }
            byClass.get(labels[i]).add(i);
        }
        int[] out = new int[labels.length];
        java.util.Arrays.fill(out, -1);
        Random random = new Random(seed);
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = byClass.get(c);
            if (members.size() < perClass) {
                throw new IllegalArgumentException("perClass must be <= " + members.size() + " (examples of class " + c
                        + "), got " + perClass);
            }
            Collections.shuffle(members, random);
            for (int i : members.subList(0, perClass)) {
                out[i] = c;
            }
        }
        return out;
    }

    /**
     * Returns the accuracy of {@code predicted} against {@code truth} over the examples that were unlabelled
     * ({@code given[i] == -1}), the propagation accuracy reported by Iscen et al.
     *
     * @throws IllegalArgumentException if the arrays differ in length or no example is unlabelled
     */
    public static double accuracyOnUnlabelled(int[] predicted, int[] truth, int[] given) {
        if (predicted.length != truth.length || given.length != truth.length) {
            throw new IllegalArgumentException("predicted, truth and given must have the same length, got "
                    + predicted.length + ", " + truth.length + ", " + given.length);
        }
        long total = 0;
        long correct = 0;
        for (int i = 0; i < truth.length; i++) {
            if (given[i] == -1) {
                total++;
                if (predicted[i] == truth[i]) {
                    correct++;
                }
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("given must mark at least one example unlabelled (-1), got none");
        }
        return (double) correct / total;
    }

    /**
     * Returns the indices of the examples to train on: every labelled one ({@code given[i] >= 0}) and every unlabelled
     * one whose pseudo-label weight is at least {@code minWeight} (0 keeps all with a non-negative weight).
     */
    public static int[] select(int[] given, float[] weights, float minWeight) {
        if (given.length != weights.length) {
            throw new IllegalArgumentException("given and weights must have the same length, got " + given.length
                    + " and " + weights.length);
        }
        if (!(minWeight >= 0 && minWeight <= 1)) {
            throw new IllegalArgumentException("minWeight must be in [0, 1], got " + minWeight);
        }
        return java.util.stream.IntStream.range(0, given.length)
                .filter(i -> given[i] >= 0 || weights[i] >= minWeight).toArray();
    }

    /**
     * Returns a new data set of {@code source}'s images at {@code indices} (copied; close it separately) labelled by
     * {@code labels[indices[j]]}, for example {@link LabelPropagation.Result#labels()}.
     *
     * @param source the training images
     * @param indices which images to keep, in order
     * @param labels a label in [0, numClasses) for every example of {@code source}
     * @param name the new data set's description
     */
    public static ImageTensorDataset dataset(ImageTensorDataset source, int[] indices, int[] labels, String name) {
        int n = source.getLabels().length;
        if (labels.length != n) {
            throw new IllegalArgumentException("labels must have one entry per example (" + n + "), got "
                    + labels.length);
        }
        int[] picked = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            int i = indices[j];
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("indices[" + j + "] must be in [0, " + n + "), got " + i);
            }
            if (labels[i] < 0 || labels[i] >= source.numClasses()) {
                throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + source.numClasses() + "), got "
                        + labels[i]);
            }
            picked[j] = labels[i];
        }
        NDManager manager = NDManager.newBaseManager(source.getImages().getDevice());
        try {
            NDArray images;
            try (NDManager temp = source.getImages().getManager().newSubManager()) {
                images = source.getImages().get(temp.create(indices));
                images.attach(manager);
            }
            return ImageTensorDataset.builder().setName(name).setImages(images, manager).setLabels(picked)
                    .setClasses(source.getClasses()).setSampling(32, false).build();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }
}
