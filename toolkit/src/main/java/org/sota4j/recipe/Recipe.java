package org.sota4j.recipe;

import static org.sota4j.recipe.RecipeSetting.ANY;
import static org.sota4j.recipe.RecipeSetting.BELOW_ONE;
import static org.sota4j.recipe.RecipeSetting.NON_NEGATIVE;
import static org.sota4j.recipe.RecipeSetting.POSITIVE;
import static org.sota4j.recipe.RecipeSetting.UNIT;
import static org.sota4j.recipe.RecipeSetting.atLeast;
import static org.sota4j.recipe.RecipeSetting.between;

import org.sota4j.recipe.RecipeSetting.Check;
import org.sota4j.recipe.RecipeSetting.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable training recipe holding every technique setting of torchvision's classification
 * reference {@code references/classification/train.py}, each with train.py's default (so every
 * technique is off unless set), plus toolkit extras train.py lacks. Use it to describe, compare
 * (ablation tables via {@link #toRow()}) and reproduce recipes such as {@link #baseline()} and
 * {@link #torchvisionV2()} (the blog "How to train state-of-the-art models using TorchVision's
 * latest primitives"), and to convert to and from a {@code torchrun ... train.py} command line.
 *
 * <p>The batch size is per process (train.py's {@code -b}); {@code processes} is torchrun's
 * {@code --nproc_per_node}; the learning rate belongs to the total batch
 * {@code batchSize * processes}. Notebooks write e.g. {@code
 * Recipe.baseline().toBuilder().optLabelSmoothing(0.1).build()}.
 *
 * <p>Each setting is declared once, in the table below (flag, Java name, type, default, valid values, and what
 * {@link RecipeRunner} cannot honour); values, validation, both command lines, rows and {@link #unhonoured()}
 * follow from it. A new train.py flag is one line there, plus its typed getter and {@code opt} setter.
 */
public final class Recipe {

    /** A setting's enum: its command-line value is the constant's name in lower case. */
    public interface Arg {
        /** The command-line value. */
        default String arg() {
            return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
        }
    }

    /** train.py's {@code --opt}. */
    public enum OptimizerName implements Arg { SGD, SGD_NESTEROV, RMSPROP, ADAMW }

    /** train.py's {@code --lr-scheduler}. */
    public enum LrScheduler implements Arg { STEPLR, COSINEANNEALINGLR, EXPONENTIALLR }

    /** train.py's {@code --lr-warmup-method}. */
    public enum WarmupMethod implements Arg { LINEAR, CONSTANT }

    /** train.py's {@code --auto-augment} policies (presets.py's {@code auto_augment_policy}). */
    public enum AutoAugmentPolicy implements Arg { IMAGENET, CIFAR10, SVHN, RA, TA_WIDE, AUGMIX }

    /**
     * The basic augmentation every training batch gets before the recipe's auto-augment policy (a toolkit extra:
     * train.py always crops and flips, in its ImageNet form).
     */
    public enum BasicAugmentation implements Arg {
        /** Default: pad-and-crop (pad 1/8 of the side) + flip, or random resized crop + flip at changed crop sizes. */
        CROP_FLIP,
        /** torchvision's ImageNet crop on small images: random resized crop (scale 0.08-1, ratio 3/4-4/3) plus flip. */
        RESIZED_CROP_FLIP,
        /** Horizontal flip only (p = 0.5). */
        FLIP,
        /** No basic augmentation: the images as they are. */
        NONE
    }

    // ---------------------------------------------------------------- the settings table, one line a setting

    /** Every setting in command-line order: torchrun's, then train.py's flags, then the toolkit extras. */
    static final List<RecipeSetting<?>> SETTINGS = new ArrayList<>();

    private static <T> RecipeSetting<T> tv(String flag, String name, T def, Check<? super T> check) {
        return new RecipeSetting<>(SETTINGS, Kind.TRAIN_PY, flag, name, typeOf(def), def, false, check);
    }

    private static <T> RecipeSetting<T> tvOrNone(String flag, String name, Class<T> type, Check<? super T> check) {
        return new RecipeSetting<>(SETTINGS, Kind.TRAIN_PY, flag, name, type, null, true, check);
    }

    private static <T> RecipeSetting<T> extra(String flag, String name, T def, Check<? super T> check) {
        return new RecipeSetting<>(SETTINGS, Kind.EXTRA, flag, name, typeOf(def), def, false, check);
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> typeOf(T value) {
        return (Class<T>) (value instanceof Enum<?> e ? e.getDeclaringClass() : value.getClass());
    }

    static final RecipeSetting<Integer> PROCESSES =
            new RecipeSetting<>(SETTINGS, Kind.TORCHRUN, "processes", "processes", Integer.class, 1, false, atLeast(1));
    static final RecipeSetting<String> MODEL = tv("model", "model", "resnet18", new Check<String>("one of "
            + String.join(", ", RecipeRunner.MODELS) + " (the models RecipeRunner builds)",
            m -> RecipeRunner.MODELS.contains(m.toLowerCase(Locale.ROOT))));
    static final RecipeSetting<Integer> EPOCHS = tv("epochs", "epochs", 90, atLeast(1));
    static final RecipeSetting<Integer> BATCH_SIZE = tv("batch-size", "batchSize", 32, atLeast(1));
    static final RecipeSetting<OptimizerName> OPT = tv("opt", "optimizer", OptimizerName.SGD, ANY)
            .unhonouredWhen(r -> r.getOptimizer() == OptimizerName.RMSPROP, "the toolkit has no RMSprop");
    static final RecipeSetting<Double> LR = tv("lr", "lr", 0.1, POSITIVE);
    static final RecipeSetting<Double> MOMENTUM = tv("momentum", "momentum", 0.9, BELOW_ONE);
    static final RecipeSetting<Double> WEIGHT_DECAY = tv("weight-decay", "weightDecay", 1e-4, NON_NEGATIVE);
    static final RecipeSetting<Double> NORM_WEIGHT_DECAY =
            tvOrNone("norm-weight-decay", "normWeightDecay", Double.class, NON_NEGATIVE);
    static final RecipeSetting<Double> BIAS_WEIGHT_DECAY =
            tvOrNone("bias-weight-decay", "biasWeightDecay", Double.class, NON_NEGATIVE);
    static final RecipeSetting<Double> LABEL_SMOOTHING = tv("label-smoothing", "labelSmoothing", 0.0, BELOW_ONE);
    static final RecipeSetting<Double> MIXUP_ALPHA = tv("mixup-alpha", "mixupAlpha", 0.0, NON_NEGATIVE);
    static final RecipeSetting<Double> CUTMIX_ALPHA = tv("cutmix-alpha", "cutmixAlpha", 0.0, NON_NEGATIVE);
    static final RecipeSetting<LrScheduler> LR_SCHEDULER = tv("lr-scheduler", "lrScheduler",
            LrScheduler.STEPLR, ANY).unhonouredWhen(r -> r.getLrScheduler() == LrScheduler.EXPONENTIALLR,
                    "the runner schedules steplr and cosineannealinglr");
    static final RecipeSetting<Integer> LR_WARMUP_EPOCHS = tv("lr-warmup-epochs", "lrWarmupEpochs", 0,
            atLeast(0)).unhonouredWhen(r -> r.getLrWarmupEpochs() > 0 && r.getLrScheduler() == LrScheduler.STEPLR,
                    "the runner warms up cosineannealinglr only");
    static final RecipeSetting<WarmupMethod> LR_WARMUP_METHOD =
            tv("lr-warmup-method", "lrWarmupMethod", WarmupMethod.CONSTANT, ANY);
    static final RecipeSetting<Double> LR_WARMUP_DECAY =
            tv("lr-warmup-decay", "lrWarmupDecay", 0.01, new Check<Double>("in (0, 1]", v -> v > 0 && v <= 1));
    static final RecipeSetting<Integer> LR_STEP_SIZE = tv("lr-step-size", "lrStepSize", 30, atLeast(1));
    static final RecipeSetting<Double> LR_GAMMA = tv("lr-gamma", "lrGamma", 0.1, POSITIVE);
    static final RecipeSetting<Double> LR_MIN = tv("lr-min", "lrMin", 0.0, NON_NEGATIVE);
    static final RecipeSetting<AutoAugmentPolicy> AUTO_AUGMENT = tvOrNone("auto-augment", "autoAugment",
            AutoAugmentPolicy.class, ANY).unhonouredWhen(r -> r.getAutoAugment() == AutoAugmentPolicy.AUGMIX,
                    "the toolkit has no AugMix");
    static final RecipeSetting<Integer> RA_MAGNITUDE =
            tv("ra-magnitude", "randAugmentMagnitude", 9, between(0, 30, " (31 magnitude bins)"));
    static final RecipeSetting<Integer> AUGMIX_SEVERITY =
            tv("augmix-severity", "augmixSeverity", 3, between(1, 10, ""));
    static final RecipeSetting<Double> RANDOM_ERASE = tv("random-erase", "randomErase", 0.0, UNIT);
    static final RecipeSetting<Boolean> MODEL_EMA = tv("model-ema", "modelEma", false, ANY);
    static final RecipeSetting<Integer> MODEL_EMA_STEPS = tv("model-ema-steps", "modelEmaSteps", 32, atLeast(1));
    static final RecipeSetting<Double> MODEL_EMA_DECAY = tv("model-ema-decay", "modelEmaDecay", 0.99998, UNIT);
    static final RecipeSetting<Double> CLIP_GRAD_NORM =
            tvOrNone("clip-grad-norm", "clipGradNorm", Double.class, POSITIVE);
    static final RecipeSetting<Integer> TRAIN_CROP_SIZE = tv("train-crop-size", "trainCropSize", 224, atLeast(1));
    static final RecipeSetting<Integer> VAL_RESIZE_SIZE = tv("val-resize-size", "valResizeSize", 256, atLeast(1));
    static final RecipeSetting<Integer> VAL_CROP_SIZE = tv("val-crop-size", "valCropSize", 224, atLeast(1));
    static final RecipeSetting<Boolean> RA_SAMPLER = tv("ra-sampler", "repeatedAugmentation", false, ANY);
    static final RecipeSetting<Integer> RA_REPS = tv("ra-reps", "repeatedAugmentationReps", 3, atLeast(1));
    static final RecipeSetting<Boolean> AMP =
            tv("amp", "amp", false, ANY).unhonouredWhen(Recipe::isAmp, "the runner trains in float32");
    static final RecipeSetting<Integer> GRADIENT_ACCUMULATION_STEPS =
            extra("gradient-accumulation-steps", "gradientAccumulationSteps", 1, atLeast(1));
    static final RecipeSetting<Double> STOCHASTIC_DEPTH = extra("stochastic-depth", "stochasticDepth", 0.0, BELOW_ONE);
    static final RecipeSetting<Double> DROPOUT = extra("dropout", "dropout", 0.0, BELOW_ONE);
    static final RecipeSetting<Integer> GHOST_BATCH_SIZE = extra("ghost-batch-size", "ghostBatchSize", 0, atLeast(0));
    static final RecipeSetting<Integer> EARLY_STOPPING_PATIENCE =
            extra("early-stopping-patience", "earlyStoppingPatience", 0, atLeast(0));
    static final RecipeSetting<Boolean> LR_PER_ITERATION = extra("lr-per-iteration", "lrPerIteration", false, ANY);
    static final RecipeSetting<BasicAugmentation> BASIC_AUGMENTATION =
            extra("basic-augmentation", "basicAugmentation", BasicAugmentation.CROP_FLIP, ANY);
    static final RecipeSetting<Long> SEED = extra("seed", "seed", 0L, ANY);

    private final Object[] values;

    private Recipe(Object[] values) {
        this.values = values;
    }

    private <T> T get(RecipeSetting<T> s) {
        return s.type.cast(values[s.index]);
    }

    Object value(RecipeSetting<?> s) {
        return values[s.index];
    }

    boolean isDefault(RecipeSetting<?> s) {
        return Objects.equals(values[s.index], s.defaultValue);
    }

    /** A builder holding train.py's defaults (every technique off), one process. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialized with this recipe's values. */
    public Builder toBuilder() {
        return new Builder(values);
    }

    /**
     * torchvision's original ResNet-50 recipe: SGD, lr 0.1, momentum 0.9, weight decay 1e-4,
     * step decay every 30 epochs by 0.1, 90 epochs, batch 32 per GPU on 8 GPUs (256 in all).
     */
    public static Recipe baseline() {
        return builder().optModel("resnet50").optProcesses(8).build();
    }

    /**
     * torchvision's improved ResNet-50 recipe (80.858 % top-1) from the blog "How to train
     * state-of-the-art models using TorchVision's latest primitives": lr 0.5 at batch 1024
     * (128 x 8 GPUs), cosine schedule after 5 linear warmup epochs (decay 0.01), TrivialAugment
     * wide, random erasing 0.1, label smoothing 0.1, mixup 0.2, CutMix 1.0, weight decay 2e-5
     * (none on norm layers), 600 epochs, train crop 176, eval resize 232, EMA (32 steps,
     * decay 0.99998), repeated augmentation with 4 repetitions.
     */
    public static Recipe torchvisionV2() {
        return builder().optModel("resnet50").optProcesses(8).optBatchSize(128).optLr(0.5)
                .optLrScheduler(LrScheduler.COSINEANNEALINGLR).optLrWarmupEpochs(5)
                .optLrWarmupMethod(WarmupMethod.LINEAR).optLrWarmupDecay(0.01)
                .optAutoAugment(AutoAugmentPolicy.TA_WIDE).optEpochs(600).optRandomErase(0.1).optWeightDecay(2e-5)
                .optNormWeightDecay(0.0).optLabelSmoothing(0.1).optMixupAlpha(0.2).optCutmixAlpha(1.0)
                .optTrainCropSize(176).optModelEma(true).optModelEmaSteps(32).optModelEmaDecay(0.99998)
                .optValResizeSize(232).optRepeatedAugmentation(true).optRepeatedAugmentationReps(4).build();
    }

    /**
     * The same recipe with {@code batchSize} images per process and the learning rate scaled
     * linearly (Goyal et al. 2017, arXiv 1706.02677) by {@code batchSize / getBatchSize()}.
     */
    public Recipe withBatchSize(int batchSize) {
        BATCH_SIZE.validate(batchSize);
        return toBuilder().optBatchSize(batchSize).optLr(getLr() * batchSize / getBatchSize()).build();
    }

    /**
     * The same recipe on one process with {@code totalBatchSize} images per step and the
     * learning rate scaled linearly by {@code totalBatchSize / getTotalBatchSize()}: e.g.
     * {@code torchvisionV2().withTotalBatchSize(128)} trains on one GPU with lr 0.0625.
     */
    public Recipe withTotalBatchSize(int totalBatchSize) {
        if (totalBatchSize < 1) {
            throw new IllegalArgumentException("totalBatchSize must be >= 1, got " + totalBatchSize);
        }
        return toBuilder().optProcesses(1).optBatchSize(totalBatchSize)
                .optLr(getLr() * totalBatchSize / getTotalBatchSize()).build();
    }

    /**
     * The settings {@link RecipeRunner} cannot train as set, each as {@code --flag value (why)}; empty when it can
     * honour every one. The runner refuses a recipe with any, rather than train something else.
     */
    public List<String> unhonoured() {
        List<String> refused = new ArrayList<>();
        for (RecipeSetting<?> s : SETTINGS) {
            if (s.unhonoured.test(this)) {
                refused.add("--" + s.flag + " " + TrainPyCommandLine.format(values[s.index]) + " (" + s.why + ")");
            }
        }
        return refused;
    }

    // ---------------------------------------------------------------- command lines

    /**
     * The command line that runs this recipe with torchvision's reference: {@code torchrun
     * --nproc_per_node=P train.py} followed by every train.py flag whose value differs from
     * train.py's default, in a fixed order. Toolkit extras (no train.py flag) are left out.
     */
    public List<String> toTorchvisionArgs() {
        return TrainPyCommandLine.write(this, false);
    }

    /**
     * The whole recipe as a command line: {@link #toTorchvisionArgs()} followed by every toolkit extra that differs
     * from its default, written {@code --name value} ({@code --lr-per-iteration true}), so that
     * {@link #fromTorchvisionArgs(List)} gives this recipe back, seed included. It is what a child process
     * ({@code Ablation.Builder.optWorkers}) is told to train; train.py itself does not know the extras.
     */
    public List<String> toArgs() {
        return TrainPyCommandLine.write(this, true);
    }

    /** {@link #toTorchvisionArgs()} joined with spaces. */
    public String toTorchvisionCommand() {
        return String.join(" ", toTorchvisionArgs());
    }

    /** Parses a command line; see {@link #fromTorchvisionArgs(List)}. */
    public static Recipe fromTorchvisionArgs(String... args) {
        return fromTorchvisionArgs(Arrays.asList(args));
    }

    /**
     * Parses a train.py command line, with or without a leading {@code torchrun
     * --nproc_per_node=P} (or {@code python}) and script, into a recipe; unset settings keep
     * train.py's defaults and the toolkit extras keep theirs. Flags may be written {@code
     * --flag value} or {@code --flag=value}; {@code -b} and {@code --wd} are aliases as in
     * train.py; environment flags such as {@code --data-path} or {@code --workers} are
     * ignored. Toolkit extras ({@link #extraNames()}) are read too, always with a value
     * ({@code --seed 3}, {@code --lr-per-iteration true}), as {@link #toArgs()} writes them.
     *
     * @throws IllegalArgumentException naming the flag, on an unknown flag, a missing value or
     *     a value that does not parse or validate
     */
    public static Recipe fromTorchvisionArgs(List<String> args) {
        return TrainPyCommandLine.read(args);
    }

    // ---------------------------------------------------------------- rows

    /**
     * The settings as an ordered map for ablation tables: {@code processes}, then every train.py
     * flag name (without dashes) with its value (null where train.py's is None), then the
     * toolkit extras; enums as their command-line text ({@code Tables.recipes(list)} makes a table of them).
     */
    public Map<String, Object> toRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        for (RecipeSetting<?> s : SETTINGS) {
            Object v = values[s.index];
            row.put(s.flag, v instanceof Arg a ? a.arg() : v);
        }
        return Collections.unmodifiableMap(row);
    }

    /** The Java type of each entry of {@link #toRow()}, enums as {@code String}, in the row's order. */
    public static Map<String, Class<?>> rowTypes() {
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (RecipeSetting<?> s : SETTINGS) {
            types.put(s.flag, s.type.isEnum() ? String.class : s.type);
        }
        return Collections.unmodifiableMap(types);
    }

    /** Names of the toolkit extras (settings without a train.py flag). */
    public static Set<String> extraNames() {
        Set<String> names = new LinkedHashSet<>();
        for (RecipeSetting<?> s : SETTINGS) {
            if (s.kind == Kind.EXTRA) {
                names.add(s.flag);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    // ---------------------------------------------------------------- getters

    /** torchvision model name ({@code --model}), default resnet18. */
    public String getModel() { return get(MODEL); }
    /** Epochs ({@code --epochs}), default 90. */
    public int getEpochs() { return get(EPOCHS); }
    /** Images per process and step ({@code -b}), default 32. */
    public int getBatchSize() { return get(BATCH_SIZE); }
    /** Processes (torchrun {@code --nproc_per_node}), default 1. */
    public int getProcesses() { return get(PROCESSES); }
    /** {@code batchSize * processes}: the batch the learning rate belongs to. */
    public int getTotalBatchSize() { return getBatchSize() * getProcesses(); }
    /** Optimizer ({@code --opt}), default SGD. */
    public OptimizerName getOptimizer() { return get(OPT); }
    /** Learning rate ({@code --lr}), default 0.1. */
    public double getLr() { return get(LR); }
    /** Momentum ({@code --momentum}), default 0.9. */
    public double getMomentum() { return get(MOMENTUM); }
    /** Weight decay ({@code --weight-decay}), default 1e-4. */
    public double getWeightDecay() { return get(WEIGHT_DECAY); }
    /** Weight decay of normalization layers ({@code --norm-weight-decay}); null: as weight decay. */
    public Double getNormWeightDecay() { return get(NORM_WEIGHT_DECAY); }
    /** Weight decay of biases ({@code --bias-weight-decay}); null: as weight decay. */
    public Double getBiasWeightDecay() { return get(BIAS_WEIGHT_DECAY); }
    /** Label smoothing ({@code --label-smoothing}), default 0. */
    public double getLabelSmoothing() { return get(LABEL_SMOOTHING); }
    /** mixup alpha ({@code --mixup-alpha}), default 0 (off). */
    public double getMixupAlpha() { return get(MIXUP_ALPHA); }
    /** CutMix alpha ({@code --cutmix-alpha}), default 0 (off). */
    public double getCutmixAlpha() { return get(CUTMIX_ALPHA); }
    /** Main learning-rate schedule ({@code --lr-scheduler}), default steplr. */
    public LrScheduler getLrScheduler() { return get(LR_SCHEDULER); }
    /** Step length of steplr in epochs ({@code --lr-step-size}), default 30. */
    public int getLrStepSize() { return get(LR_STEP_SIZE); }
    /** Decay factor of steplr and exponentiallr ({@code --lr-gamma}), default 0.1. */
    public double getLrGamma() { return get(LR_GAMMA); }
    /** Warmup epochs ({@code --lr-warmup-epochs}), default 0 (off). */
    public int getLrWarmupEpochs() { return get(LR_WARMUP_EPOCHS); }
    /** Warmup method ({@code --lr-warmup-method}), default constant. */
    public WarmupMethod getLrWarmupMethod() { return get(LR_WARMUP_METHOD); }
    /** Warmup start factor ({@code --lr-warmup-decay}), default 0.01. */
    public double getLrWarmupDecay() { return get(LR_WARMUP_DECAY); }
    /** Final learning rate of the cosine schedule ({@code --lr-min}), default 0. */
    public double getLrMin() { return get(LR_MIN); }
    /** Auto-augment policy ({@code --auto-augment}); null: none (default). */
    public AutoAugmentPolicy getAutoAugment() { return get(AUTO_AUGMENT); }
    /** RandAugment's magnitude ({@code --ra-magnitude}), default 9. */
    public int getRandAugmentMagnitude() { return get(RA_MAGNITUDE); }
    /** AugMix severity ({@code --augmix-severity}), default 3. */
    public int getAugmixSeverity() { return get(AUGMIX_SEVERITY); }
    /** Random erasing probability ({@code --random-erase}), default 0. */
    public double getRandomErase() { return get(RANDOM_ERASE); }
    /** Whether to keep an EMA of the weights ({@code --model-ema}), default false. */
    public boolean isModelEma() { return get(MODEL_EMA); }
    /** Steps between EMA updates ({@code --model-ema-steps}), default 32. */
    public int getModelEmaSteps() { return get(MODEL_EMA_STEPS); }
    /** EMA decay ({@code --model-ema-decay}), default 0.99998. */
    public double getModelEmaDecay() { return get(MODEL_EMA_DECAY); }
    /** Gradient-norm clip ({@code --clip-grad-norm}); null: none (default). */
    public Double getClipGradNorm() { return get(CLIP_GRAD_NORM); }
    /** Random-resized-crop size in training ({@code --train-crop-size}), default 224. */
    public int getTrainCropSize() { return get(TRAIN_CROP_SIZE); }
    /** Eval resize size ({@code --val-resize-size}), default 256. */
    public int getValResizeSize() { return get(VAL_RESIZE_SIZE); }
    /** Eval center-crop size ({@code --val-crop-size}), default 224. */
    public int getValCropSize() { return get(VAL_CROP_SIZE); }
    /** Whether to sample with repeated augmentation ({@code --ra-sampler}), default false. */
    public boolean isRepeatedAugmentation() { return get(RA_SAMPLER); }
    /** Repetitions of each image under repeated augmentation ({@code --ra-reps}), default 3. */
    public int getRepeatedAugmentationReps() { return get(RA_REPS); }
    /** Mixed precision ({@code --amp}), default false; the runner refuses it ({@link #unhonoured()}). */
    public boolean isAmp() { return get(AMP); }
    /** Extra: micro-batches accumulated per optimizer step, default 1 (none). */
    public int getGradientAccumulationSteps() { return get(GRADIENT_ACCUMULATION_STEPS); }
    /** Extra: stochastic depth drop rate (Huang et al. 2016, arXiv 1603.09382), default 0. */
    public double getStochasticDepth() { return get(STOCHASTIC_DEPTH); }
    /** Extra: dropout before the classifier, default 0. */
    public double getDropout() { return get(DROPOUT); }
    /** Extra: virtual batch of ghost batch normalization (Hoffer et al. 2017, arXiv 1705.08741), default 0 (off). */
    public int getGhostBatchSize() { return get(GHOST_BATCH_SIZE); }
    /** Extra: epochs without improvement before stopping, default 0 (never stop early). */
    public int getEarlyStoppingPatience() { return get(EARLY_STOPPING_PATIENCE); }
    /** Extra: whether the schedule steps every iteration ({@link Builder#optLrPerIteration}), default false. */
    public boolean isLrPerIteration() { return get(LR_PER_ITERATION); }
    /** Extra: the basic augmentation before the auto-augment policy, default {@link BasicAugmentation#CROP_FLIP}. */
    public BasicAugmentation getBasicAugmentation() { return get(BASIC_AUGMENTATION); }
    /** Extra: random seed, default 0. */
    public long getSeed() { return get(SEED); }

    // ---------------------------------------------------------------- value semantics

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipe other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        List<String> args = toTorchvisionArgs();
        StringBuilder sb = new StringBuilder("Recipe[").append(String.join(" ", args.subList(1, args.size())));
        for (RecipeSetting<?> s : SETTINGS) {
            if (s.kind == Kind.EXTRA && !isDefault(s)) {
                sb.append(", ").append(s.flag).append('=').append(TrainPyCommandLine.format(values[s.index]));
            }
        }
        return sb.append(']').toString();
    }

    // ---------------------------------------------------------------- builder

    /** Builder of {@link Recipe}; starts from train.py's defaults. Each setter sets the getter of the same name. */
    public static final class Builder {
        private final Object[] values;

        private Builder() {
            values = SETTINGS.stream().map(s -> s.defaultValue).toArray();
        }

        private Builder(Object[] values) {
            this.values = values.clone();
        }

        Builder set(RecipeSetting<?> s, Object value) {
            values[s.index] = value;
            return this;
        }

        /** Sets the model name, one of {@link RecipeRunner#MODELS} (checked by {@link #build()}). */
        public Builder optModel(String model) { return set(MODEL, model); }
        /** Sets the number of epochs. */
        public Builder optEpochs(int epochs) { return set(EPOCHS, epochs); }
        /** Sets the images per process and step (the lr is not rescaled; see withBatchSize). */
        public Builder optBatchSize(int batchSize) { return set(BATCH_SIZE, batchSize); }
        /** Sets the number of processes (GPUs). */
        public Builder optProcesses(int processes) { return set(PROCESSES, processes); }
        /** Sets the optimizer. */
        public Builder optOptimizer(OptimizerName optimizer) { return set(OPT, optimizer); }
        /** Sets the learning rate. */
        public Builder optLr(double lr) { return set(LR, lr); }
        /** Sets the momentum, in [0, 1). */
        public Builder optMomentum(double momentum) { return set(MOMENTUM, momentum); }
        /** Sets the weight decay. */
        public Builder optWeightDecay(double weightDecay) { return set(WEIGHT_DECAY, weightDecay); }
        /** Sets the weight decay of normalization layers (null: as weight decay). */
        public Builder optNormWeightDecay(Double normWeightDecay) { return set(NORM_WEIGHT_DECAY, normWeightDecay); }
        /** Sets the weight decay of biases (null: as weight decay). */
        public Builder optBiasWeightDecay(Double biasWeightDecay) { return set(BIAS_WEIGHT_DECAY, biasWeightDecay); }
        /** Sets the label smoothing in [0, 1). */
        public Builder optLabelSmoothing(double labelSmoothing) { return set(LABEL_SMOOTHING, labelSmoothing); }
        /** Sets mixup's alpha (0: off). */
        public Builder optMixupAlpha(double mixupAlpha) { return set(MIXUP_ALPHA, mixupAlpha); }
        /** Sets CutMix's alpha (0: off). */
        public Builder optCutmixAlpha(double cutmixAlpha) { return set(CUTMIX_ALPHA, cutmixAlpha); }
        /** Sets the main learning-rate schedule. */
        public Builder optLrScheduler(LrScheduler lrScheduler) { return set(LR_SCHEDULER, lrScheduler); }
        /** Sets steplr's step length in epochs. */
        public Builder optLrStepSize(int lrStepSize) { return set(LR_STEP_SIZE, lrStepSize); }
        /** Sets the decay factor of steplr / exponentiallr. */
        public Builder optLrGamma(double lrGamma) { return set(LR_GAMMA, lrGamma); }
        /** Sets the warmup epochs (0: off). */
        public Builder optLrWarmupEpochs(int lrWarmupEpochs) { return set(LR_WARMUP_EPOCHS, lrWarmupEpochs); }
        /** Sets the warmup method. */
        public Builder optLrWarmupMethod(WarmupMethod lrWarmupMethod) { return set(LR_WARMUP_METHOD, lrWarmupMethod); }
        /** Sets the warmup start factor in (0, 1]. */
        public Builder optLrWarmupDecay(double lrWarmupDecay) { return set(LR_WARMUP_DECAY, lrWarmupDecay); }
        /** Sets the cosine schedule's final learning rate. */
        public Builder optLrMin(double lrMin) { return set(LR_MIN, lrMin); }
        /** Sets the auto-augment policy (null: none). */
        public Builder optAutoAugment(AutoAugmentPolicy autoAugment) { return set(AUTO_AUGMENT, autoAugment); }
        /** Sets RandAugment's magnitude in [0, 30]. */
        public Builder optRandAugmentMagnitude(int magnitude) { return set(RA_MAGNITUDE, magnitude); }
        /** Sets the AugMix severity in [1, 10]. */
        public Builder optAugmixSeverity(int augmixSeverity) { return set(AUGMIX_SEVERITY, augmixSeverity); }
        /** Sets the random-erasing probability in [0, 1]. */
        public Builder optRandomErase(double randomErase) { return set(RANDOM_ERASE, randomErase); }
        /** Sets whether to keep an EMA of the weights. */
        public Builder optModelEma(boolean modelEma) { return set(MODEL_EMA, modelEma); }
        /** Sets the steps between EMA updates. */
        public Builder optModelEmaSteps(int modelEmaSteps) { return set(MODEL_EMA_STEPS, modelEmaSteps); }
        /** Sets the EMA decay in [0, 1]. */
        public Builder optModelEmaDecay(double modelEmaDecay) { return set(MODEL_EMA_DECAY, modelEmaDecay); }
        /** Sets the gradient-norm clip (&gt; 0; null: none). */
        public Builder optClipGradNorm(Double clipGradNorm) { return set(CLIP_GRAD_NORM, clipGradNorm); }
        /** Sets the training crop size. */
        public Builder optTrainCropSize(int trainCropSize) { return set(TRAIN_CROP_SIZE, trainCropSize); }
        /** Sets the eval resize size. */
        public Builder optValResizeSize(int valResizeSize) { return set(VAL_RESIZE_SIZE, valResizeSize); }
        /** Sets the eval crop size. */
        public Builder optValCropSize(int valCropSize) { return set(VAL_CROP_SIZE, valCropSize); }
        /** Sets whether to sample with repeated augmentation (Hoffer et al. 2020, arXiv 1901.09335). */
        public Builder optRepeatedAugmentation(boolean on) { return set(RA_SAMPLER, on); }
        /** Sets the repetitions of each image under repeated augmentation. */
        public Builder optRepeatedAugmentationReps(int reps) { return set(RA_REPS, reps); }
        /** Sets mixed precision (the runner refuses it: {@link Recipe#unhonoured()}). */
        public Builder optAmp(boolean amp) { return set(AMP, amp); }
        /** Extra: sets the micro-batches accumulated per optimizer step (&gt;= 1). */
        public Builder optGradientAccumulationSteps(int steps) { return set(GRADIENT_ACCUMULATION_STEPS, steps); }
        /** Extra: sets the stochastic depth drop rate in [0, 1). */
        public Builder optStochasticDepth(double stochasticDepth) { return set(STOCHASTIC_DEPTH, stochasticDepth); }
        /** Extra: sets the dropout rate in [0, 1). */
        public Builder optDropout(double dropout) { return set(DROPOUT, dropout); }

        /**
         * Extra: normalizes virtual batches of {@code ghostBatchSize} examples separately in training (ghost batch
         * normalization, {@link org.sota4j.models.Norm#ghostBatchNorm}); 0, the default, is plain batch norm.
         */
        public Builder optGhostBatchSize(int ghostBatchSize) { return set(GHOST_BATCH_SIZE, ghostBatchSize); }
        /** Extra: sets the early-stopping patience in epochs (0: off). */
        public Builder optEarlyStoppingPatience(int patience) { return set(EARLY_STOPPING_PATIENCE, patience); }

        /**
         * Steps the learning-rate schedule every iteration instead of every epoch (default false: train.py steps its
         * torch scheduler once an epoch). Warmup and cosine then change the rate within each epoch, so a short run
         * warms up and anneals smoothly; a toolkit extra, not a train.py flag.
         */
        public Builder optLrPerIteration(boolean lrPerIteration) { return set(LR_PER_ITERATION, lrPerIteration); }

        /**
         * Extra: sets the basic augmentation before the auto-augment policy (default crop and flip); {@code FLIP} and
         * {@code NONE} keep the native size, so they need torchvision's default crop sizes.
         */
        public Builder optBasicAugmentation(BasicAugmentation basic) { return set(BASIC_AUGMENTATION, basic); }
        /** Extra: sets the random seed. */
        public Builder optSeed(long seed) { return set(SEED, seed); }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the parameter and its value
         */
        public Recipe build() {
            for (RecipeSetting<?> s : SETTINGS) {
                s.validate(values[s.index]);
            }
            Recipe r = new Recipe(values.clone());
            if (r.getLrWarmupEpochs() > r.getEpochs()) {
                throw new IllegalArgumentException("lrWarmupEpochs must be <= epochs (" + r.getEpochs() + "), got "
                        + r.getLrWarmupEpochs());
            }
            if (r.getLrScheduler() == LrScheduler.COSINEANNEALINGLR && r.getLrWarmupEpochs() == r.getEpochs()) {
                throw new IllegalArgumentException("lrWarmupEpochs must be < epochs (" + r.getEpochs()
                        + ") with cosineannealinglr (its T_max = epochs - warmup), got " + r.getLrWarmupEpochs());
            }
            boolean defaultCrops = r.isDefault(TRAIN_CROP_SIZE) && r.isDefault(VAL_RESIZE_SIZE)
                    && r.isDefault(VAL_CROP_SIZE);
            if (!defaultCrops && (r.getBasicAugmentation() == BasicAugmentation.FLIP
                    || r.getBasicAugmentation() == BasicAugmentation.NONE)) {
                throw new IllegalArgumentException("basicAugmentation " + r.getBasicAugmentation().arg()
                        + " keeps the native size, so it needs the default crop sizes (trainCropSize 224, "
                        + "valResizeSize 256, valCropSize 224), got " + r.getTrainCropSize() + ", "
                        + r.getValResizeSize() + ", " + r.getValCropSize());
            }
            return r;
        }
    }
}
