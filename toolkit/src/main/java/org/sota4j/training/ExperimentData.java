package org.sota4j.training;

import ai.djl.training.dataset.Dataset.Usage;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;

/**
 * The data a notebook's ablation runs on, chosen by the {@link Profile}: a slice of the embedded
 * Fashion-MNIST subset in {@code smoke} (CI), the whole embedded subset in {@code cpu}, full CIFAR-10
 * in {@code gpu}. Holds the normalization to use and a description for every reported number.
 *
 * @param train the training split
 * @param test the held-out split used for validation
 * @param mean per-channel mean of [0, 1] pixels
 * @param std per-channel standard deviation of [0, 1] pixels
 * @param description what the data is, for captions and result lines
 */
public record ExperimentData(ImageTensorDataset train, ImageTensorDataset test, float[] mean, float[] std,
        String description) implements AutoCloseable {

    /** Returns the data of the profile (see the class documentation). */
    public static ExperimentData forProfile(Profile profile) {
        return switch (profile) {
            case SMOKE -> {
                try (ImageTensorDataset train = Datasets.fashionMnistEmbedded(Usage.TRAIN);
                        ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST)) {
                    ImageTensorDataset tr = train.balancedSubset(200, 0);
                    ImageTensorDataset te = test.balancedSubset(50, 0);
                    yield new ExperimentData(tr, te, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD,
                            "Fashion-MNIST, embedded subset: 2,000 train / 500 test images (smoke profile)");
                }
            }
            case CPU -> new ExperimentData(Datasets.fashionMnistEmbedded(Usage.TRAIN), Datasets.fashionMnistEmbedded(Usage.TEST),
                    Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD,
                    "Fashion-MNIST, embedded subset: 10,000 train / 2,000 test images (cpu profile)");
            case GPU -> new ExperimentData(Datasets.cifar10(Usage.TRAIN), Datasets.cifar10(Usage.TEST),
                    Datasets.CIFAR10_MEAN, Datasets.CIFAR10_STD, "CIFAR-10: 50,000 train / 10,000 test images (gpu profile)");
        };
    }

    /** Returns the number of classes. */
    public int numClasses() {
        return train.numClasses();
    }

    /** Returns the number of input channels. */
    public int channels() {
        return (int) train.imageShape().get(0);
    }

    /** Closes both splits. */
    @Override
    public void close() {
        train.close();
        test.close();
    }
}
