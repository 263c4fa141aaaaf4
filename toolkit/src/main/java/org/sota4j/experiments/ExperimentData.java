package org.sota4j.experiments;

import ai.djl.training.dataset.Dataset.Usage;

import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;

import java.util.Arrays;
import java.util.Locale;

/**
 * The data a notebook's ablation runs on, chosen by the {@link Profile}: a slice of the embedded
 * Fashion-MNIST subset in {@code smoke} (CI), the whole embedded subset in {@code cpu}, full CIFAR-10
 * in {@code gpu}. Holds the normalization to use and a description for every reported number.
 *
 * <p>{@link #forProfileWithValidation(Profile)} adds a validation split carved from the training images, for every
 * choice a run makes (best epoch, early stopping, inference resize, any tuned value), so that the test split is
 * touched once per trained model, for the number reported. {@link #forProfile(Profile)} has none
 * ({@code validation()} is {@code null}): its users validate on the test split.
 *
 * @param train the training split
 * @param validation the validation split, disjoint from {@code train} and carved from the same training images,
 *     or {@code null} when there is none ({@link #forProfile})
 * @param test the held-out test split (without a validation split, also used for validation)
 * @param mean per-channel mean of [0, 1] pixels
 * @param std per-channel standard deviation of [0, 1] pixels
 * @param description what the data is, for captions and result lines
 */
public record ExperimentData(ImageTensorDataset train, ImageTensorDataset validation, ImageTensorDataset test,
        float[] mean, float[] std, String description) implements AutoCloseable {

    /** The seed of the validation carve and of the class-balanced training subset, the same for every run. */
    public static final long SPLIT_SEED = 0;

    /** Returns the data of the profile, without a validation split (see the class documentation). */
    public static ExperimentData forProfile(Profile profile) {
        return switch (profile) {
            case SMOKE -> {
                try (ImageTensorDataset train = Datasets.fashionMnistEmbedded(Usage.TRAIN);
                        ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST)) {
                    ImageTensorDataset tr = train.balancedSubset(200, 0);
                    ImageTensorDataset te = test.balancedSubset(50, 0);
                    yield new ExperimentData(tr, null, te, Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD,
                            "Fashion-MNIST, embedded subset: 2,000 train / 500 test images (smoke profile)");
                }
            }
            case CPU -> new ExperimentData(Datasets.fashionMnistEmbedded(Usage.TRAIN), null,
                    Datasets.fashionMnistEmbedded(Usage.TEST), Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD,
                    "Fashion-MNIST, embedded subset: 10,000 train / 2,000 test images (cpu profile)");
            case GPU -> new ExperimentData(Datasets.cifar10(Usage.TRAIN), null, Datasets.cifar10(Usage.TEST),
                    Datasets.CIFAR10_MEAN, Datasets.CIFAR10_STD,
                    "CIFAR-10: 50,000 train / 10,000 test images (gpu profile)");
        };
    }

    /**
     * Returns the data of the profile with a validation split, the sizes from {@link Profile#trainImagesPerClass()}
     * and {@link Profile#validationImagesPerClass()}: see {@link #forProfileWithValidation(Profile, int, int)}.
     */
    public static ExperimentData forProfileWithValidation(Profile profile) {
        return forProfileWithValidation(profile, profile.trainImagesPerClass(), profile.validationImagesPerClass());
    }

    /**
     * Returns the data of the profile with a validation split: {@code validationPerClass} images of each class
     * held out of the profile's training images ({@link ImageTensorDataset#splitBalanced}, seed {@link #SPLIT_SEED}),
     * then a class-balanced subset of {@code trainPerClass} images of each class of the rest for training (seed
     * {@link #SPLIT_SEED}), and the profile's test split as {@link #forProfile} has it. The validation images do not
     * depend on {@code trainPerClass}, so runs on training subsets of different sizes select on the same images.
     *
     * @throws IllegalArgumentException naming the parameter when a size is below 1 or more than the images there are
     */
    public static ExperimentData forProfileWithValidation(Profile profile, int trainPerClass, int validationPerClass) {
        if (trainPerClass < 1) {
            throw new IllegalArgumentException("trainPerClass must be >= 1, got " + trainPerClass);
        }
        if (validationPerClass < 1) {
            throw new IllegalArgumentException("validationPerClass must be >= 1, got " + validationPerClass);
        }
        String what = profile == Profile.GPU ? "CIFAR-10" : "Fashion-MNIST, embedded subset";
        float[] mean = profile == Profile.GPU ? Datasets.CIFAR10_MEAN : Datasets.FASHION_MNIST_MEAN;
        float[] std = profile == Profile.GPU ? Datasets.CIFAR10_STD : Datasets.FASHION_MNIST_STD;
        ImageTensorDataset test;
        ImageTensorDataset.Split split;
        try (ImageTensorDataset fullTrain = profile == Profile.GPU ? Datasets.cifar10(Usage.TRAIN)
                : Datasets.fashionMnistEmbedded(Usage.TRAIN)) {
            split = fullTrain.splitBalanced(validationPerClass, SPLIT_SEED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("validationPerClass: " + e.getMessage(), e);
        }
        ImageTensorDataset train;
        try {
            int[] left = split.remaining().classCounts();
            int fewest = Arrays.stream(left).min().orElse(0);
            if (trainPerClass > fewest) {
                throw new IllegalArgumentException("trainPerClass must be <= " + fewest + " (the training images of "
                        + "each class left after holding out " + validationPerClass + " per class for validation), got "
                        + trainPerClass);
            }
            boolean all = Arrays.stream(left).allMatch(n -> n == trainPerClass);
            train = all ? split.remaining() : split.remaining().balancedSubset(trainPerClass, SPLIT_SEED);
            if (!all) {
                split.remaining().close();
            }
        } catch (RuntimeException e) {
            split.close();
            throw e;
        }
        try {
            if (profile == Profile.GPU) {
                test = Datasets.cifar10(Usage.TEST);
            } else if (profile == Profile.SMOKE) {
                try (ImageTensorDataset fullTest = Datasets.fashionMnistEmbedded(Usage.TEST)) {
                    test = fullTest.balancedSubset(50, 0);
                }
            } else {
                test = Datasets.fashionMnistEmbedded(Usage.TEST);
            }
        } catch (RuntimeException e) {
            train.close();
            split.heldOut().close();
            throw e;
        }
        ImageTensorDataset validation = split.heldOut();
        String description = String.format(Locale.ROOT, "%s: %,d train / %,d validation (carved from the training "
                + "images, class-balanced) / %,d test images (%s profile)", what, train.getLabels().length,
                validation.getLabels().length, test.getLabels().length, profile);
        return new ExperimentData(train, validation, test, mean, std, description);
    }

    /** Returns the number of classes. */
    public int numClasses() {
        return train.numClasses();
    }

    /** Returns the number of input channels. */
    public int channels() {
        return (int) train.imageShape().get(0);
    }

    /** Closes the splits. */
    @Override
    public void close() {
        train.close();
        if (validation != null) {
            validation.close();
        }
        test.close();
    }
}
