package org.sota4j.datasets;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An image classification dataset decoded once into one {@code uint8} N x C x H x W array and an
 * {@code int} label per image, held in memory (on the GPU when asked), so that training slices
 * whole batches out of it without reading, decoding or batchifying one example at a time.
 *
 * <p>It is a DJL {@link RandomAccessDataset}, so DJL's {@code EasyTrain} can use it as any other
 * dataset; the toolkit's training loop reads {@link #getImages()} and {@link #getLabels()} directly.
 * The dataset owns its arrays: close it when done.
 */
public final class ImageTensorDataset extends RandomAccessDataset implements AutoCloseable {

    private final String name;
    private final NDManager manager;
    private final NDArray images;
    private final int[] labels;
    private final List<String> classes;

    private ImageTensorDataset(Builder builder) {
        super(builder);
        this.name = builder.name;
        this.manager = builder.manager;
        this.images = builder.images;
        this.labels = builder.labels;
        this.classes = builder.classes;
    }

    /** Returns a builder; {@link Builder#setSampling(int, boolean)} is only needed for DJL's own loops. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates a dataset from raw pixels, which this method copies into a new manager.
     *
     * @param name a short description (e.g. "Fashion-MNIST train (embedded subset)")
     * @param pixels N x C x H x W unsigned bytes
     * @param shape the shape N x C x H x W
     * @param labels one class index per image
     * @param classes the class names, indexed by label
     * @return the dataset
     */
    public static ImageTensorDataset fromPixels(
            String name, byte[] pixels, Shape shape, int[] labels, List<String> classes) {
        NDManager manager = NDManager.newBaseManager();
        try {
            NDArray images = manager.create(java.nio.ByteBuffer.wrap(pixels), shape, DataType.UINT8);
            return builder().setName(name).setImages(images, manager).setLabels(labels)
                    .setClasses(classes).setSampling(32, false).build();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Returns the images, {@code uint8} N x C x H x W. */
    public NDArray getImages() {
        return images;
    }

    /** Returns the label of every image (a copy-free view: do not modify). */
    public int[] getLabels() {
        return labels;
    }

    /** Returns the class names, indexed by label. */
    public List<String> getClasses() {
        return classes;
    }

    /** Returns the number of classes. */
    public int numClasses() {
        return classes.size();
    }

    /** Returns the description given when the dataset was made. */
    public String getName() {
        return name;
    }

    /** Returns the shape of one image, C x H x W. */
    public Shape imageShape() {
        return images.getShape().slice(1);
    }

    /** Returns how many images of each class there are. */
    public int[] classCounts() {
        int[] counts = new int[numClasses()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Returns a new dataset of the given images (copied; close it separately).
     *
     * @param indices the images to keep, in order
     * @param newName the new dataset's description
     */
    public ImageTensorDataset subset(int[] indices, String newName) {
        NDManager sub = NDManager.newBaseManager(images.getDevice());
        try {
            int[] newLabels = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                if (indices[i] < 0 || indices[i] >= labels.length) {
                    throw new IllegalArgumentException("indices[" + i + "] must be in [0, " + labels.length
                            + "), got " + indices[i]);
                }
                newLabels[i] = labels[indices[i]];
            }
            NDArray picked;
            try (NDManager temp = images.getManager().newSubManager()) {
                picked = images.get(temp.create(indices));
                picked.attach(sub);
            }
            return builder().setName(newName).setImages(picked, sub).setLabels(newLabels)
                    .setClasses(classes).setSampling(32, false).build();
        } catch (RuntimeException e) {
            sub.close();
            throw e;
        }
    }

    /**
     * Returns a class-balanced random subset with {@code perClass} images of each class, drawn with the seed.
     *
     * @throws IllegalArgumentException if a class has fewer images than {@code perClass}
     */
    public ImageTensorDataset balancedSubset(int perClass, long seed) {
        return balancedSubset(perClass, seed, null);
    }

    /**
     * Returns a class-balanced random subset of the given classes, relabelled 0..k-1 in the order given
     * (for example five CIFAR-10 classes for pre-training and the other five for fine-tuning).
     *
     * @param perClass images of each class to keep
     * @param seed the random seed
     * @param keepClasses the class indices to keep, or {@code null} for all
     */
    public ImageTensorDataset balancedSubset(int perClass, long seed, int[] keepClasses) {
        int[] keep = keepClasses == null ? java.util.stream.IntStream.range(0, numClasses()).toArray() : keepClasses;
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
        }
        int[] counts = classCounts();
        Random random = new Random(seed);
        List<Integer> chosen = new ArrayList<>();
        List<String> newClasses = new ArrayList<>();
        int[] relabel = new int[numClasses()];
        Arrays.fill(relabel, -1);
        for (int k = 0; k < keep.length; k++) {
            int c = keep[k];
            if (c < 0 || c >= numClasses()) {
                throw new IllegalArgumentException("keepClasses[" + k + "] must be in [0, " + numClasses()
                        + "), got " + c);
            }
            if (counts[c] < perClass) {
                throw new IllegalArgumentException("perClass must be <= " + counts[c] + " (images of class "
                        + classes.get(c) + "), got " + perClass);
            }
            relabel[c] = k;
            newClasses.add(classes.get(c));
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    ofClass.add(i);
                }
            }
            java.util.Collections.shuffle(ofClass, random);
            chosen.addAll(ofClass.subList(0, perClass));
        }
        java.util.Collections.shuffle(chosen, random);
        int[] indices = chosen.stream().mapToInt(Integer::intValue).toArray();
        ImageTensorDataset picked = subset(indices, name + " (" + perClass + " per class, seed " + seed + ")");
        if (keepClasses == null) {
            return picked;
        }
        int[] newLabels = picked.labels;
        for (int i = 0; i < newLabels.length; i++) {
            newLabels[i] = relabel[newLabels[i]];
        }
        return builder().setName(picked.name).setImages(picked.images, picked.manager).setLabels(newLabels)
                .setClasses(newClasses).setSampling(32, false).build();
    }

    /**
     * Two disjoint parts of a dataset, each a copy to close (closing the split closes both), with the indices of
     * their images in the dataset they were carved from.
     *
     * @param remaining the images not held out, in their original order
     * @param heldOut the held-out images, {@code perClass} of each class, in their original order
     * @param remainingIndices the index in the parent dataset of each image of {@code remaining}
     * @param heldOutIndices the index in the parent dataset of each image of {@code heldOut}
     */
    public record Split(ImageTensorDataset remaining, ImageTensorDataset heldOut, int[] remainingIndices,
            int[] heldOutIndices) implements AutoCloseable {

        /** Closes both parts. */
        @Override
        public void close() {
            remaining.close();
            heldOut.close();
        }
    }

    /**
     * Carves a class-balanced held-out set (a validation split) out of this dataset: {@code perClass} images of each
     * class drawn at random with the seed, and the rest; no image is in both, and the same seed gives the same split.
     *
     * @param perClass images of each class to hold out, at least 1 and fewer than the class's images (so that every
     *     class keeps at least one image in the remaining part)
     * @param seed the random seed of the draw
     * @throws IllegalArgumentException if {@code perClass} is below 1 or not below a class's number of images
     */
    public Split splitBalanced(int perClass, long seed) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
        }
        int[] counts = classCounts();
        for (int c = 0; c < counts.length; c++) {
            if (perClass >= counts[c]) {
                throw new IllegalArgumentException("perClass must be < " + counts[c] + " (the images of class '"
                        + classes.get(c) + "', of which at least one must remain), got " + perClass);
            }
        }
        Random random = new Random(seed);
        boolean[] held = new boolean[labels.length];
        for (int c = 0; c < counts.length; c++) {
            List<Integer> ofClass = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    ofClass.add(i);
                }
            }
            java.util.Collections.shuffle(ofClass, random);
            for (int i : ofClass.subList(0, perClass)) {
                held[i] = true;
            }
        }
        int[] heldOutIndices = java.util.stream.IntStream.range(0, labels.length).filter(i -> held[i]).toArray();
        int[] remainingIndices = java.util.stream.IntStream.range(0, labels.length).filter(i -> !held[i]).toArray();
        ImageTensorDataset heldOut = subset(heldOutIndices, name + " (held out: " + perClass + " per class, seed "
                + seed + ")");
        try {
            ImageTensorDataset remaining = subset(remainingIndices, name + " (without " + perClass
                    + " per class held out, seed " + seed + ")");
            return new Split(remaining, heldOut, remainingIndices, heldOutIndices);
        } catch (RuntimeException e) {
            heldOut.close();
            throw e;
        }
    }

    /** Returns a copy of this dataset on the given device (e.g. the GPU); close it separately. */
    public ImageTensorDataset toDevice(Device device) {
        NDManager target = NDManager.newBaseManager(device);
        NDArray moved = images.toDevice(device, true);
        moved.attach(target);
        return builder().setName(name).setImages(moved, target).setLabels(labels.clone())
                .setClasses(classes).setSampling(32, false).build();
    }

    /** {@inheritDoc} Returns the image as {@code uint8} C x H x W and the label as a scalar int. */
    @Override
    public Record get(NDManager target, long index) {
        NDArray image = images.get(index);
        image.attach(target);
        return new Record(new NDList(image), new NDList(target.create(labels[(int) index])));
    }

    @Override
    protected long availableSize() {
        return labels.length;
    }

    @Override
    public void prepare(Progress progress) {
        // decoded at construction
    }

    /** Frees the images' native memory. */
    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return name + ": " + labels.length + " images " + imageShape() + ", " + numClasses() + " classes";
    }

    /** Builds an {@link ImageTensorDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {

        private String name = "images";
        private NDManager manager;
        private NDArray images;
        private int[] labels;
        private List<String> classes;

        @Override
        protected Builder self() {
            return this;
        }

        /** Sets the dataset's description. */
        public Builder setName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets the images, {@code uint8} N x C x H x W, and the manager that owns them, which the
         * dataset will close.
         */
        public Builder setImages(NDArray images, NDManager owner) {
            this.images = images;
            this.manager = owner;
            return this;
        }

        /** Sets one class index per image. */
        public Builder setLabels(int[] labels) {
            this.labels = labels;
            return this;
        }

        /** Sets the class names, indexed by label. */
        public Builder setClasses(List<String> classes) {
            this.classes = List.copyOf(classes);
            return this;
        }

        /**
         * Builds the dataset.
         *
         * @throws IllegalArgumentException if images, labels or classes are missing or inconsistent
         */
        public ImageTensorDataset build() {
            if (images == null || manager == null) {
                throw new IllegalArgumentException("images must be set (setImages), got null");
            }
            if (images.getDataType() != DataType.UINT8 || images.getShape().dimension() != 4) {
                throw new IllegalArgumentException("images must be uint8 N x C x H x W, got "
                        + images.getDataType() + " " + images.getShape());
            }
            if (labels == null || labels.length != images.getShape().get(0)) {
                throw new IllegalArgumentException("labels must have one entry per image ("
                        + images.getShape().get(0) + "), got " + (labels == null ? "null" : labels.length));
            }
            if (classes == null || classes.isEmpty()) {
                throw new IllegalArgumentException("classes must be a non-empty list, got " + classes);
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= classes.size()) {
                    throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + classes.size()
                            + "), got " + labels[i]);
                }
            }
            if (sampler == null) {
                setSampling(32, false);
            }
            return new ImageTensorDataset(this);
        }
    }
}
