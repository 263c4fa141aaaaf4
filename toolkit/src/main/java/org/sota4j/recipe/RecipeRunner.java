package org.sota4j.recipe;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;

import org.sota4j.augmentation.AutoAugment;
import org.sota4j.augmentation.BatchTransform;
import org.sota4j.augmentation.CenterCrop;
import org.sota4j.augmentation.RandAugment;
import org.sota4j.augmentation.RandomCrop;
import org.sota4j.augmentation.RandomErasing;
import org.sota4j.augmentation.RandomHorizontalFlip;
import org.sota4j.augmentation.RandomResizedCrop;
import org.sota4j.augmentation.Resize;
import org.sota4j.augmentation.TrivialAugmentWide;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.losses.LabelSmoothingCrossEntropy;
import org.sota4j.mixing.BatchMixer;
import org.sota4j.mixing.RandomChoiceMixer;
import org.sota4j.models.CifarResNet;
import org.sota4j.models.ModelBuilder;
import org.sota4j.models.Norm;
import org.sota4j.models.PreActResNet;
import org.sota4j.models.ResNet;
import org.sota4j.models.ResidualModelBuilder;
import org.sota4j.models.SmallCnn;
import org.sota4j.models.WideResNet;
import org.sota4j.optimizers.AdamW;
import org.sota4j.optimizers.Sgd;
import org.sota4j.optimizers.StatefulOptimizer;
import org.sota4j.optimizers.WeightDecayGroups;
import org.sota4j.sampling.RepeatedAugmentationSampler;
import org.sota4j.schedules.StepSchedule;
import org.sota4j.schedules.WarmupCosine;
import org.sota4j.training.ClipGradNorm;
import org.sota4j.training.EarlyStopping;
import org.sota4j.training.EmaHook;
import org.sota4j.training.History;
import org.sota4j.training.TrainingLoop;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Turns a {@link Recipe} (torchvision's {@code train.py} flags) into a configured {@link TrainingLoop}
 * on a small dataset, so that an ablation varies one flag and everything else stays as torchvision
 * would run it. Mapping for images smaller than ImageNet's 224 pixels: the basic augmentation is
 * pad-and-random-crop plus horizontal flip (the CIFAR standard) when the recipe keeps torchvision's
 * default crop sizes; when it changes them (FixRes), crop sizes are scaled by {@code H / 224}: a
 * random-resized crop at the scaled train crop, and resize then center crop at evaluation.
 */
public final class RecipeRunner {

    /** torchvision's default train crop, eval resize and eval crop (ImageNet pixels). */
    private static final int TV_CROP = 224;
    private static final int TV_RESIZE = 256;

    /** The model names {@link #model} builds, which {@link Recipe} accepts. */
    public static final List<String> MODELS = List.of("resnet20", "resnet56", "resnet18", "resnet50",
            "preact_resnet18", "wide_resnet16_4", "wide_resnet28_10", "small_cnn");

    private RecipeRunner() {}

    /**
     * Throws when the recipe sets what the runner cannot train ({@link Recipe#unhonoured()}: mixed precision,
     * RMSprop, the exponential schedule, AugMix, warmup before steplr), naming each such setting; it trains
     * nothing else in their place. Every method below that reads those settings calls it.
     */
    public static void requireHonoured(Recipe recipe) {
        if (!recipe.unhonoured().isEmpty()) {
            throw unhonoured(recipe);
        }
    }

    private static IllegalArgumentException unhonoured(Recipe recipe) {
        return new IllegalArgumentException("RecipeRunner cannot train " + String.join(", ", recipe.unhonoured()));
    }

    /**
     * Builds the model a recipe names, for {@code channels} input channels and {@code numClasses}.
     * Known names: {@link #MODELS}; the recipe's stochastic depth, dropout and ghost batch size are applied.
     */
    public static Block model(Recipe recipe, int numClasses, int channels) {
        String name = recipe.getModel().toLowerCase(Locale.ROOT);
        ModelBuilder<?> b = switch (name) {
            case "resnet20" -> CifarResNet.builder().optDepth(20);
            case "resnet56" -> CifarResNet.builder().optDepth(56);
            case "resnet18" -> ResNet.builder().optDepth(18).optSmallInputStem(true);
            case "resnet50" -> ResNet.builder().optDepth(50).optSmallInputStem(true);
            case "preact_resnet18" -> PreActResNet.builder().optDepth(18);
            case "wide_resnet16_4" -> WideResNet.builder().optDepth(16).optWidth(4);
            case "wide_resnet28_10" -> WideResNet.builder().optDepth(28).optWidth(10);
            case "small_cnn" -> SmallCnn.builder();
            default -> throw new IllegalArgumentException("model must be one of " + String.join(", ", MODELS)
                    + "; got '" + recipe.getModel() + "'");
        };
        b.optNumClasses(numClasses).optInputChannels(channels);
        if (recipe.getGhostBatchSize() > 0) {
            b.optNorm(Norm.ghostBatchNorm(recipe.getGhostBatchSize()));
        }
        if (recipe.getDropout() > 0) {
            b.optDropout((float) recipe.getDropout());
        }
        if (recipe.getStochasticDepth() > 0) {
            if (!(b instanceof ResidualModelBuilder<?> residual)) {
                throw new IllegalArgumentException("stochasticDepth needs a residual model, got '"
                        + recipe.getModel() + "'");
            }
            residual.optStochasticDepth((float) recipe.getStochasticDepth());
        }
        return b.build();
    }

    /** Returns the learning-rate schedule of the recipe, per optimizer step (torchvision steps it per epoch). */
    public static Tracker schedule(Recipe recipe, int stepsPerEpoch) {
        requireHonoured(recipe);
        float lr = (float) recipe.getLr();
        int epochs = recipe.getEpochs();
        return switch (recipe.getLrScheduler()) {
            case COSINEANNEALINGLR -> WarmupCosine.builder().setBaseValue(lr).setTotal(epochs)
                    .optWarmup(recipe.getLrWarmupEpochs()).optWarmupDecay((float) recipe.getLrWarmupDecay())
                    .optWarmupMode(recipe.getLrWarmupMethod() == Recipe.WarmupMethod.LINEAR
                            ? WarmUpTracker.Mode.LINEAR : WarmUpTracker.Mode.CONSTANT)
                    .optFinalValue((float) recipe.getLrMin()).optStepsPerEpoch(stepsPerEpoch)
                    .optPerEpoch(!recipe.isLrPerIteration()).build();
            case STEPLR -> {
                yield org.sota4j.schedules.Schedules.perEpoch(StepSchedule.builder().setBaseValue(lr)
                        .setStepSize(recipe.getLrStepSize()).optGamma((float) recipe.getLrGamma()).build(),
                        stepsPerEpoch);
            }
            case EXPONENTIALLR -> throw unhonoured(recipe);
        };
    }

    /** Returns whether the recipe changes torchvision's default crop sizes (train at a lower resolution, FixRes). */
    static boolean scaledCrops(Recipe recipe) {
        return recipe.getTrainCropSize() != TV_CROP || recipe.getValResizeSize() != TV_RESIZE
                || recipe.getValCropSize() != TV_CROP;
    }

    private static int scaled(int imagenetPixels, int size) {
        return Math.max(1, Math.round(imagenetPixels * size / (float) TV_CROP));
    }

    /**
     * Returns the training augmentation (0..255 scale): the recipe's basic augmentation (by default crop and flip),
     * then its auto-augment policy; {@code null} when both are off.
     */
    public static BatchTransform augmentation(Recipe recipe, Shape imageShape) {
        requireHonoured(recipe);
        int h = (int) imageShape.get(1);
        BatchTransform resizedCrop = RandomResizedCrop.builder().setSize(scaled(recipe.getTrainCropSize(), h)).build();
        BatchTransform flip = new RandomHorizontalFlip(0.5);
        BatchTransform t = switch (recipe.getBasicAugmentation()) {
            case CROP_FLIP -> (scaledCrops(recipe) ? resizedCrop
                    : RandomCrop.builder().setSize(h, (int) imageShape.get(2)).optPadding(Math.max(1, h / 8)).build())
                    .andThen(flip);
            case RESIZED_CROP_FLIP -> resizedCrop.andThen(flip);
            case FLIP -> flip;
            case NONE -> null;
        };
        if (recipe.getAutoAugment() != null) {
            BatchTransform policy = switch (recipe.getAutoAugment()) {
                case TA_WIDE -> TrivialAugmentWide.builder().build();
                case RA -> RandAugment.builder().optMagnitude(recipe.getRandAugmentMagnitude()).build();
                case IMAGENET, CIFAR10, SVHN -> AutoAugment.policy(recipe.getAutoAugment().arg());
                case AUGMIX -> throw unhonoured(recipe);
            };
            t = t == null ? policy : t.andThen(policy);
        }
        return t;
    }

    /** Returns the evaluation transform: none at the native size, resize and center crop when crops are scaled. */
    public static BatchTransform evalTransform(Recipe recipe, Shape imageShape) {
        if (!scaledCrops(recipe)) {
            return null;
        }
        int h = (int) imageShape.get(1);
        return new Resize(scaled(recipe.getValResizeSize(), h))
                .andThen(new CenterCrop(scaled(recipe.getValCropSize(), h)));
    }

    /**
     * Returns a training loop configured from the recipe for the model and data (the caller may add more,
     * e.g. hooks or a checkpoint folder, before {@code build()}).
     *
     * @param mean per-channel mean of [0, 1] pixels
     * @param std per-channel standard deviation of [0, 1] pixels
     */
    public static TrainingLoop.Builder loop(Recipe recipe, Model model, ImageTensorDataset train,
            ImageTensorDataset validation, float[] mean, float[] std) {
        requireHonoured(recipe);
        int batch = recipe.getTotalBatchSize() / recipe.getGradientAccumulationSteps();
        int n = train.getLabels().length;
        RepeatedAugmentationSampler ra = null;
        if (recipe.isRepeatedAugmentation()) {
            ra = RepeatedAugmentationSampler.builder().setDatasetSize(n)
                    .optRepetitions(recipe.getRepeatedAugmentationReps())
                    .optSeed(recipe.getSeed()).optSelectionMultiple(n >= 256 ? 256 : 1).build();
            n = ra.epochLength(n);
        }
        int stepsPerEpoch = TrainingLoop.stepsPerEpoch(n, batch, recipe.getGradientAccumulationSteps());
        Tracker lr = schedule(recipe, stepsPerEpoch);
        StatefulOptimizer optimizer = optimizer(recipe, model, lr);
        Shape shape = train.imageShape();
        TrainingLoop.Builder b = TrainingLoop.builder().setModel(model).setTrainData(train)
                .optValidationData(validation)
                .setEpochs(recipe.getEpochs()).optBatchSize(batch).optLearningRate(lr).optOptimizer(optimizer)
                .optNormalization(mean, std).optSeed(recipe.getSeed())
                .optGradientAccumulation(recipe.getGradientAccumulationSteps())
                .optAugmentation(augmentation(recipe, shape)).optEvalTransform(evalTransform(recipe, shape))
                .optName(recipe.getModel());
        if (recipe.getLabelSmoothing() > 0) {
            b.optLoss(new LabelSmoothingCrossEntropy((float) recipe.getLabelSmoothing()));
        }
        if (recipe.getRandomErase() > 0) {
            b.optPostNormalization(RandomErasing.builder().optProbability(recipe.getRandomErase()).build());
        }
        if (recipe.getMixupAlpha() > 0 || recipe.getCutmixAlpha() > 0) {
            BatchMixer mixer = RandomChoiceMixer.torchvision(recipe.getMixupAlpha(), recipe.getCutmixAlpha());
            b.optMixer(mixer);
        }
        if (recipe.isModelEma()) {
            b.addHook(EmaHook.torchvision(recipe.getModelEmaDecay(), recipe.getModelEmaSteps()));
        }
        if (recipe.getClipGradNorm() != null) {
            b.addHook(new ClipGradNorm(recipe.getClipGradNorm().floatValue()));
        }
        if (recipe.getEarlyStoppingPatience() > 0) {
            b.addHook(EarlyStopping.builder().optPatience(recipe.getEarlyStoppingPatience()).build());
        }
        if (ra != null) {
            b.optSampler(ra);
        }
        return b;
    }

    /**
     * Returns the recipe's optimizer (SGD, SGD with Nesterov momentum or AdamW) with its weight-decay groups over
     * {@code model}'s parameters (normalization and bias decay as the recipe's flags say), driven by {@code lr}.
     */
    public static StatefulOptimizer optimizer(Recipe recipe, Model model, Tracker lr) {
        requireHonoured(recipe);
        WeightDecayGroups groups = WeightDecayGroups.builder().setBlock(model.getBlock())
                .optWeightDecay((float) recipe.getWeightDecay())
                .optNormWeightDecay(recipe.getNormWeightDecay() == null ? null
                        : recipe.getNormWeightDecay().floatValue())
                .optBiasWeightDecay(recipe.getBiasWeightDecay() == null ? null
                        : recipe.getBiasWeightDecay().floatValue())
                .build();
        return switch (recipe.getOptimizer()) {
            case SGD -> Sgd.builder().setLearningRateTracker(lr).optMomentum((float) recipe.getMomentum())
                    .optWeightDecayGroups(groups).build();
            case SGD_NESTEROV -> Sgd.builder().setLearningRateTracker(lr).optMomentum((float) recipe.getMomentum())
                    .optNesterov(true).optWeightDecayGroups(groups).build();
            case ADAMW -> AdamW.builder().setLearningRateTracker(lr).optWeightDecayGroups(groups).build();
            case RMSPROP -> throw unhonoured(recipe);
        };
    }

    /**
     * Returns the recipe's model for {@code data}'s classes and image shape with the weights of {@code weights} (a
     * file {@link org.sota4j.experiments.Ablation.Builder#optWeightsDir} kept, or one saved with
     * {@code Block.saveParameters}); the caller closes it.
     *
     * @throws IllegalArgumentException when the file does not exist
     * @throws IllegalStateException when its weights do not fit the recipe's model
     */
    public static Model loadModel(Recipe recipe, ImageTensorDataset data, Path weights) {
        if (weights == null || !Files.isRegularFile(weights)) {
            throw new IllegalArgumentException("weights must be a file of saved parameters, got " + weights
                    + (weights == null ? "" : " (" + weights.toAbsolutePath() + " does not exist)"));
        }
        Shape image = data.imageShape();
        Model model = Model.newInstance(recipe.getModel());
        try {
            model.setBlock(model(recipe, data.numClasses(), (int) image.get(0)));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(1, image.get(0), image.get(1), image.get(2)));
            TrainingLoop.loadParameters(model, weights);
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Returns the top-1 accuracy of {@code model} on {@code data} evaluated as the recipe's training loop evaluates
     * (its {@link #evalTransform}, the normalization, inference mode, batches of {@code max(batch size, 256)}), so a
     * model {@link #loadModel loaded} from an ablation scores the {@code test_acc} it was trained to. To evaluate at
     * another size, pass the recipe with other eval sizes ({@code optValResizeSize}, {@code optValCropSize}).
     *
     * @param mean per-channel mean of [0, 1] pixels
     * @param std per-channel standard deviation of [0, 1] pixels
     */
    public static double accuracy(Recipe recipe, Model model, ImageTensorDataset data, float[] mean, float[] std) {
        int channels = (int) data.imageShape().get(0);
        if (mean == null || std == null || (mean.length != channels && mean.length != 1)
                || (std.length != channels && std.length != 1)) {
            throw new IllegalArgumentException("mean and std must have one value, or one per channel (" + channels
                    + "), got " + (mean == null ? null : mean.length) + " and " + (std == null ? null : std.length)
                    + " values");
        }
        BatchTransform transform = evalTransform(recipe, data.imageShape());
        int batch = Math.max(recipe.getTotalBatchSize() / recipe.getGradientAccumulationSteps(), 256);
        int[] labels = data.getLabels();
        long correct = 0;
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        try (NDManager eval = model.getNDManager().newSubManager()) {
            float[] m255 = new float[channels];
            float[] s255 = new float[channels];
            for (int c = 0; c < channels; c++) {
                m255[c] = mean[mean.length == 1 ? 0 : c] * 255f;
                s255[c] = std[std.length == 1 ? 0 : c] * 255f;
            }
            NDArray meanArr = eval.create(m255).reshape(1, channels, 1, 1);
            NDArray stdArr = eval.create(s255).reshape(1, channels, 1, 1);
            for (int from = 0; from < labels.length; from += batch) {
                int to = Math.min(labels.length, from + batch);
                int[] idx = new int[to - from];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                }
                try (NDManager step = eval.newSubManager()) {
                    NDArray x = TrainingLoop.gather(data.getImages(), idx, step);
                    if (transform != null) {
                        x = transform.apply(x, new Random(0));
                    }
                    x = x.sub(meanArr).div(stdArr);
                    NDArray logits = model.getBlock().forward(store, new NDList(x), false).singletonOrThrow();
                    long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                    for (int i = 0; i < idx.length; i++) {
                        if (predicted[i] == labels[from + i]) {
                            correct++;
                        }
                    }
                }
            }
        }
        return (double) correct / labels.length;
    }

    /**
     * Trains the recipe's model from scratch on the data and returns the history (the model is closed).
     *
     * @param progress where progress lines go, or {@code null}
     */
    public static History run(Recipe recipe, ImageTensorDataset train, ImageTensorDataset validation,
            float[] mean, float[] std, PrintStream progress) {
        try (Model model = Model.newInstance(recipe.getModel())) {
            model.setBlock(model(recipe, train.numClasses(), (int) train.imageShape().get(0)));
            History h = loop(recipe, model, train, validation, mean, std).optProgress(progress).build().fit();
            return h;
        }
    }
}
