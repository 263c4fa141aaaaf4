package org.sota4j.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.tracker.Tracker;

import org.sota4j.augmentation.RandomErasing;
import org.sota4j.augmentation.TrivialAugmentWide;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.experiments.RunInfo;
import org.sota4j.losses.LabelSmoothingCrossEntropy;
import org.sota4j.mixing.RandomChoiceMixer;
import org.sota4j.models.CifarResNet;
import org.sota4j.models.ImageClassifier;
import org.sota4j.models.Shortcut;
import org.sota4j.optimizers.Sgd;
import org.sota4j.training.EmaHook;
import org.sota4j.training.History;
import org.sota4j.training.TrainingHook;
import org.sota4j.training.TrainingLoop;
import org.sota4j.weights.ModelEma;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The toolkit's side of the CPU throughput benchmark ({@code bench/run.sh} runs it beside
 * {@code bench/pytorch_bench.py}): ResNet-20 (option-B shortcuts, as the PyTorch script), batch 128,
 * SGD lr 0.1 momentum 0.9 weight decay 5e-4, one warm-up epoch then one timed epoch of 6,400 images,
 * with the training loop's batches sliced from the resident uint8 tensor.
 *
 * <p>Usage: {@code ThroughputBenchmark INPUT RUN [--cifar-dir DIR] [--epochs N] [--channels-last]} with INPUT
 * {@code fmnist|cifar} and RUN {@code plain|recipe}; prints {@code djl INPUT RUN IMAGES_PER_S PEAK_RSS_MB}.
 * With {@code --epochs N > 2} it also prints the resident memory after every epoch (flatness check);
 * {@code --channels-last} feeds the model channels-last batches ({@code TrainingLoop.Builder.optChannelsLast}).
 */
public final class ThroughputBenchmark {

    private static final int IMAGES = 6400;

    private ThroughputBenchmark() {}

    /** Runs one (input, run) pair; see the class documentation. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: ThroughputBenchmark fmnist|cifar plain|recipe [--cifar-dir DIR] [--epochs N]"
                            + " [--channels-last]");
        }
        String input = args[0];
        String run = args[1];
        Path cifarDir = null;
        int epochs = 2;
        boolean channelsLast = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--cifar-dir" -> cifarDir = Path.of(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--channels-last" -> channelsLast = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (!run.equals("plain") && !run.equals("recipe")) {
            throw new IllegalArgumentException("run must be plain or recipe, got '" + run + "'");
        }
        try (ImageTensorDataset data = load(input, cifarDir)) {
            List<Double> rss = new ArrayList<>();
            History h = train(data, run.equals("recipe"), epochs, channelsLast, rss);
            double imagesPerSecond = h.rows().get(1).imagesPerSecond();
            if (epochs > 2) {
                imagesPerSecond = h.rows().stream().skip(1).mapToDouble(History.Row::imagesPerSecond).average()
                        .orElse(0);
            }
            System.out.println(String.format(Locale.ROOT, "djl %s %s %.1f %.1f", input, run, imagesPerSecond,
                    status("VmHWM") / 1024.0));
            if (epochs > 2) {
                System.out.println("rss_mb_after_epoch "
                        + rss.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList());
                double second = rss.get(1);
                double last = rss.get(rss.size() - 1);
                System.out.println(String.format(Locale.ROOT, "rss_growth epoch2->epoch%d %+.2f%%", rss.size(),
                        100 * (last - second) / second));
            }
            System.err.println("machine: " + RunInfo.describe() + "; data: " + data.getName()
                    + "; threads intra-op " + System.getProperty("ai.djl.pytorch.num_threads", "default")
                    + ", inter-op "
                    + System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
        }
    }

    static ImageTensorDataset load(String input, Path cifarDir) {
        switch (input) {
            case "fmnist": {
                try (ImageTensorDataset full = Datasets.fashionMnist(Usage.TRAIN)) {
                    return full.subset(IntStream.range(0, IMAGES).toArray(), "Fashion-MNIST train, first 6,400");
                } catch (org.sota4j.datasets.DatasetNotFoundException e) {
                    try (ImageTensorDataset embedded = Datasets.fashionMnistEmbedded(Usage.TRAIN)) {
                        return embedded.subset(IntStream.range(0, IMAGES).toArray(),
                                "Fashion-MNIST embedded subset, first 6,400");
                    }
                }
            }
            case "cifar": {
                if (cifarDir != null) {
                    try (ImageTensorDataset full = org.sota4j.datasets.ImageFolderReader.read(cifarDir,
                            "CIFAR-10 " + cifarDir, 3)) {
                        int[] pick = new Random(0).ints(0, full.getLabels().length).distinct().limit(IMAGES).toArray();
                        return full.subset(pick, "CIFAR-10 JPEG, random 6,400");
                    }
                }
                byte[] pixels = new byte[IMAGES * 3 * 32 * 32];
                new Random(0).nextBytes(pixels);
                int[] labels = new Random(1).ints(IMAGES, 0, 10).toArray();
                return ImageTensorDataset.fromPixels("random uint8 32x32x3", pixels, new Shape(IMAGES, 3, 32, 32),
                        labels, Datasets.CIFAR10_CLASSES);
            }
            default:
                throw new IllegalArgumentException("input must be fmnist or cifar, got '" + input + "'");
        }
    }

    static History train(ImageTensorDataset data, boolean recipe, int epochs, boolean channelsLast,
            List<Double> rss) {
        Engine.getInstance().setRandomSeed(0);
        ImageClassifier net = CifarResNet.builder().optDepth(20).optShortcut(Shortcut.PROJECTION)
                .optInputChannels((int) data.imageShape().get(0)).optNumClasses(10).build();
        try (Model model = Model.newInstance("resnet20")) {
            model.setBlock(net);
            Tracker lr = Tracker.fixed(0.1f);
            TrainingLoop.Builder b = TrainingLoop.builder().setModel(model).setTrainData(data).setEpochs(epochs)
                    .optBatchSize(128).optLearningRate(lr)
                    .optOptimizer(Sgd.builder().setLearningRateTracker(lr).optMomentum(0.9f).optWeightDecays(5e-4f)
                            .build())
                    .optNormalization(new float[] {0.5f}, new float[] {0.25f}).optProgress(null)
                    .optChannelsLast(channelsLast)
                    .addHook(new TrainingHook() {
                        @Override
                        public boolean afterEpoch(TrainingLoop.Context context, History.Row row) {
                            rss.add(status("VmRSS") / 1024.0);
                            return false;
                        }
                    });
            if (recipe) {
                b.optAugmentation(TrivialAugmentWide.builder().build())
                        .optPostNormalization(RandomErasing.builder().optProbability(0.1).build())
                        .optMixer(RandomChoiceMixer.torchvision(0.2, 1.0))
                        .optLoss(new LabelSmoothingCrossEntropy(0.1f))
                        .addHook(new EmaHook(c -> ModelEma.builder().setBlock(c.getBlock()).optDecay(0.999)
                                .optUpdateEvery(1).build()));
            }
            TrainingLoop loop = b.build();
            resetPeakRss();
            return loop.fit();
        }
    }

    /**
     * Restarts the kernel's count of the peak resident set ({@code VmHWM}) from the current one, so that the peak
     * reported is the training's (warm-up and timed epoch, with all that is resident by then: JVM, libtorch, data),
     * not that of reading the data set; {@code pytorch_bench.py} does the same before its warm-up epoch.
     */
    static void resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException e) {
            // not Linux, or a kernel before 4.0: the peak then includes the data loading
        }
    }

    static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return -1;
    }
}
