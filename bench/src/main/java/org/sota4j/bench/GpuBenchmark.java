package org.sota4j.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.tracker.Tracker;

import org.sota4j.augmentation.RandomCrop;
import org.sota4j.augmentation.RandomErasing;
import org.sota4j.augmentation.RandomHorizontalFlip;
import org.sota4j.augmentation.TrivialAugmentWide;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.experiments.RunInfo;
import org.sota4j.losses.LabelSmoothingCrossEntropy;
import org.sota4j.mixing.RandomChoiceMixer;
import org.sota4j.models.ResNet;
import org.sota4j.optimizers.Sgd;
import org.sota4j.schedules.OneCycle;
import org.sota4j.training.History;
import org.sota4j.training.TrainingLoop;

import java.util.Locale;
import java.util.Random;

/**
 * The toolkit's GPU checks ({@code gpu/device.sh} runs them on the device machine):
 * <ul>
 *   <li>{@code check}: an NDArray product and a few training steps of a small ResNet on {@code Device.gpu()};</li>
 *   <li>{@code throughput [--augment]}: images/s of ResNet-18 (3x3 stem, 32x32 inputs) at batch 512 with SGD
 *       Nesterov, the dataset resident on the GPU as uint8, optionally with the full augmentation on the GPU;</li>
 *   <li>{@code tta}: time to accuracy on CIFAR-10 with a fast recipe (one-cycle, label smoothing, crop/flip).</li>
 * </ul>
 * {@code --dry-run} shrinks every size so the same code runs on a CPU in seconds.
 */
public final class GpuBenchmark {

    private GpuBenchmark() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "check";
        boolean dry = java.util.Arrays.asList(args).contains("--dry-run");
        boolean augment = java.util.Arrays.asList(args).contains("--augment");
        Device device = Engine.getInstance().defaultDevice();
        System.out.println("device " + device + "; " + RunInfo.describe());
        switch (mode) {
            case "check" -> check(device, dry);
            case "throughput" -> throughput(device, augment, dry);
            case "tta" -> timeToAccuracy(device, dry, intArg(args, "--epochs", 18));
            default -> throw new IllegalArgumentException("mode must be check, throughput or tta, got '" + mode + "'");
        }
    }

    static void check(Device device, boolean dry) {
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(256, 256));
            float trace = a.matMul(a.transpose()).diagonal().sum().getFloat();
            System.out.println(String.format(Locale.ROOT, "ndarray product on %s: trace %.1f (expected about %d)",
                    device, trace, 256 * 256));
        }
        try (ImageTensorDataset data = randomData(dry ? 256 : 2048); Model model = resnet18(device)) {
            History h = loop(model, data, dry ? 64 : 512, 2, false).build().fit();
            System.out.println(String.format(Locale.ROOT, "training steps on %s: loss %.4f -> %.4f", device,
                    h.rows().get(0).trainLoss(), h.last().trainLoss()));
        }
    }

    static void throughput(Device device, boolean augment, boolean dry) {
        int batch = dry ? 32 : 512;
        try (ImageTensorDataset data = randomData(dry ? 128 : 512 * 40); Model model = resnet18(device)) {
            History h = loop(model, data, batch, 3, augment).build().fit();
            double ips = h.rows().stream().skip(1).mapToDouble(History.Row::imagesPerSecond).average().orElse(0);
            System.out.println(String.format(Locale.ROOT, "djl throughput resnet18 batch %d %s: %.0f images/s",
                    batch, augment ? "augmented" : "plain", ips));
        }
    }

    static void timeToAccuracy(Device device, boolean dry, int epochs) {
        try (ImageTensorDataset train = dry ? randomData(256) : Datasets.cifar10(Usage.TRAIN);
                ImageTensorDataset test = dry ? randomData(128) : Datasets.cifar10(Usage.TEST)) {
            int batch = dry ? 64 : 512;
            int steps = (train.getLabels().length + batch - 1) / batch;
            Tracker lr = OneCycle.builder().setMaxValue(0.4f).setTotalSteps(Math.max(2, epochs * steps)).build();
            try (Model model = resnet18(device)) {
                long start = System.nanoTime();
                History h = TrainingLoop.builder().setModel(model).setTrainData(train).optValidationData(test)
                        .setEpochs(dry ? 1 : epochs).optBatchSize(batch).optLearningRate(lr)
                        .optOptimizer(Sgd.builder().setLearningRateTracker(lr).optMomentum(0.9f).optNesterov(true)
                                .optWeightDecays(5e-4f).build())
                        .optNormalization(Datasets.CIFAR10_MEAN, Datasets.CIFAR10_STD)
                        .optAugmentation(RandomCrop.builder().setSize(32).optPadding(4).optReflect(true).build()
                                .andThen(new RandomHorizontalFlip(0.5)))
                        .optLoss(new LabelSmoothingCrossEntropy(0.1f)).build().fit();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.println(org.sota4j.plots.Tables.text(h.toTable()));
                System.out.println(String.format(Locale.ROOT,
                        "time to accuracy: %.2f%% CIFAR-10 test after %d epochs in %.1f s (%s)",
                        100 * h.last().valAcc(), h.rows().size(), seconds, train.getName()));
            }
        }
    }

    static Model resnet18(Device device) {
        Model model = Model.newInstance("resnet18", device);
        model.setBlock(ResNet.builder().optDepth(18).optSmallInputStem(true).optNumClasses(10).build());
        return model;
    }

    static TrainingLoop.Builder loop(Model model, ImageTensorDataset data, int batch, int epochs, boolean augment) {
        Tracker lr = Tracker.fixed(0.05f);
        TrainingLoop.Builder b = TrainingLoop.builder().setModel(model).setTrainData(data).setEpochs(epochs)
                .optBatchSize(batch).optLearningRate(lr).optProgress(null)
                .optOptimizer(Sgd.builder().setLearningRateTracker(lr).optMomentum(0.9f).optNesterov(true)
                        .optWeightDecays(5e-4f).build())
                .optNormalization(Datasets.CIFAR10_MEAN, Datasets.CIFAR10_STD);
        if (augment) {
            b.optAugmentation(RandomCrop.builder().setSize(32).optPadding(4).build()
                    .andThen(new RandomHorizontalFlip(0.5))
                            .andThen(TrivialAugmentWide.builder().build()))
                    .optPostNormalization(RandomErasing.builder().optProbability(0.1).build())
                    .optMixer(RandomChoiceMixer.torchvision(0.2, 1.0)).optLoss(new LabelSmoothingCrossEntropy(0.1f));
        }
        return b;
    }

    static ImageTensorDataset randomData(int n) {
        byte[] pixels = new byte[n * 3 * 32 * 32];
        new Random(0).nextBytes(pixels);
        return ImageTensorDataset.fromPixels("random uint8 32x32x3 (" + n + ")", pixels, new Shape(n, 3, 32, 32),
                new Random(1).ints(n, 0, 10).toArray(), Datasets.CIFAR10_CLASSES);
    }

    private static int intArg(String[] args, String name, int fallback) {
        int i = java.util.Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : fallback;
    }
}
