package org.sota4j.models;

/**
 * Static factories for the usual configurations of this package's models, each returning an
 * initializable {@link ImageClassifier} block with default options (batch norm, no dropout, no
 * stochastic depth); use the builders ({@link CifarResNet#builder()} etc.) for full control.
 */
public final class Models {

    private Models() {}

    /** ResNet-20 for CIFAR (He et al. 2016, arXiv 1512.03385), option A shortcuts, 0.27M params. */
    public static ImageClassifier resnet20(int numClasses) {
        return CifarResNet.builder().optDepth(20).optNumClasses(numClasses).build();
    }

    /** ResNet-20 for CIFAR-style inputs with {@code inputChannels} channels (1 for Fashion-MNIST). */
    public static ImageClassifier resnet20(int numClasses, int inputChannels) {
        return CifarResNet.builder().optDepth(20).optNumClasses(numClasses).optInputChannels(inputChannels).build();
    }

    /** ResNet-56 for CIFAR-style inputs with {@code inputChannels} channels (1 for Fashion-MNIST). */
    public static ImageClassifier resnet56(int numClasses, int inputChannels) {
        return CifarResNet.builder().optDepth(56).optNumClasses(numClasses).optInputChannels(inputChannels).build();
    }

    /** ResNet-56 for CIFAR (He et al. 2016, arXiv 1512.03385), option A shortcuts, 0.85M params. */
    public static ImageClassifier resnet56(int numClasses) {
        return CifarResNet.builder().optDepth(56).optNumClasses(numClasses).build();
    }

    /** PreAct ResNet-18 for 32x32 images (He et al. 2016b, arXiv 1603.05027). */
    public static ImageClassifier preActResNet18(int numClasses) {
        return PreActResNet.builder().optDepth(18).optNumClasses(numClasses).build();
    }

    /** WRN-depth-widen for 32x32 images (Zagoruyko and Komodakis 2016, arXiv 1605.07146). */
    public static ImageClassifier wideResNet(int depth, int widen, int numClasses) {
        return WideResNet.builder().optDepth(depth).optWidth(widen).optNumClasses(numClasses).build();
    }

    /** WRN-depth-widen with 10 classes. */
    public static ImageClassifier wideResNet(int depth, int widen) {
        return wideResNet(depth, widen, 10);
    }

    /**
     * ResNet-18 (torchvision layout); {@code smallInputStem} selects the 3x3 stride-1 stem without
     * max-pooling for 28x28 / 32x32 inputs.
     */
    public static ImageClassifier resnet18(int numClasses, boolean smallInputStem) {
        return ResNet.builder()
                .optDepth(18)
                .optNumClasses(numClasses)
                .optSmallInputStem(smallInputStem)
                .build();
    }

    /** ResNet-18 with the ImageNet stem (torchvision's resnet18). */
    public static ImageClassifier resnet18(int numClasses) {
        return resnet18(numClasses, false);
    }

    /** ResNet-50 with the ImageNet stem (torchvision's resnet50, v1.5 bottlenecks). */
    public static ImageClassifier resnet50(int numClasses) {
        return ResNet.builder().optDepth(50).optNumClasses(numClasses).build();
    }

    /** The small distillation student CNN ({@link SmallCnn}) for 3-channel input. */
    public static ImageClassifier smallCnn(int numClasses) {
        return SmallCnn.builder().optNumClasses(numClasses).build();
    }

    /** The small distillation student CNN for {@code inputChannels} (1 or 3) channels. */
    public static ImageClassifier smallCnn(int numClasses, int inputChannels) {
        return SmallCnn.builder().optNumClasses(numClasses).optInputChannels(inputChannels).build();
    }
}
