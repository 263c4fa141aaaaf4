package org.sota4j.training;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

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
 */
public final class Recipe {

    /** train.py's {@code --opt}. */
    public enum Optimizer {
        SGD("sgd"),
        SGD_NESTEROV("sgd_nesterov"),
        RMSPROP("rmsprop"),
        ADAMW("adamw");

        private final String arg;

        Optimizer(String arg) {
            this.arg = arg;
        }

        /** The command-line value. */
        public String arg() {
            return arg;
        }
    }

    /** train.py's {@code --lr-scheduler}. */
    public enum LrScheduler {
        STEPLR("steplr"),
        COSINEANNEALINGLR("cosineannealinglr"),
        EXPONENTIALLR("exponentiallr");

        private final String arg;

        LrScheduler(String arg) {
            this.arg = arg;
        }

        /** The command-line value. */
        public String arg() {
            return arg;
        }
    }

    /** train.py's {@code --lr-warmup-method}. */
    public enum WarmupMethod {
        LINEAR("linear"),
        CONSTANT("constant");

        private final String arg;

        WarmupMethod(String arg) {
            this.arg = arg;
        }

        /** The command-line value. */
        public String arg() {
            return arg;
        }
    }

    /** train.py's {@code --auto-augment} policies (presets.py). */
    public enum AutoAugment {
        IMAGENET("imagenet"),
        CIFAR10("cifar10"),
        SVHN("svhn"),
        RA("ra"),
        TA_WIDE("ta_wide"),
        AUGMIX("augmix");

        private final String arg;

        AutoAugment(String arg) {
            this.arg = arg;
        }

        /** The command-line value. */
        public String arg() {
            return arg;
        }
    }

    /**
     * The basic augmentation every training batch gets before the recipe's auto-augment policy (a toolkit extra:
     * train.py always crops and flips, in its ImageNet form).
     */
    public enum BasicAugmentation {
        /**
         * The default: pad-and-random-crop (padding 1/8 of the side, He et al. 2016) plus horizontal flip at the
         * native size, or the random resized crop plus flip when the recipe changes the crop sizes (FixRes).
         */
        CROP_FLIP("crop-flip"),
        /** torchvision's ImageNet crop on small images: random resized crop (scale 0.08-1, ratio 3/4-4/3) plus flip. */
        RESIZED_CROP_FLIP("resized-crop-flip"),
        /** Horizontal flip only (p = 0.5). */
        FLIP("flip"),
        /** No basic augmentation: the images as they are. */
        NONE("none");

        private final String arg;

        BasicAugmentation(String arg) {
            this.arg = arg;
        }

        /** The command-line value. */
        public String arg() {
            return arg;
        }
    }

    // train.py settings
    private final String model;
    private final int epochs;
    private final int batchSize;
    private final int processes;
    private final Optimizer optimizer;
    private final double lr;
    private final double momentum;
    private final double weightDecay;
    private final Double normWeightDecay;
    private final Double biasWeightDecay;
    private final double labelSmoothing;
    private final double mixupAlpha;
    private final double cutmixAlpha;
    private final LrScheduler lrScheduler;
    private final int lrStepSize;
    private final double lrGamma;
    private final int lrWarmupEpochs;
    private final WarmupMethod lrWarmupMethod;
    private final double lrWarmupDecay;
    private final double lrMin;
    private final AutoAugment autoAugment;
    private final int raMagnitude;
    private final int augmixSeverity;
    private final double randomErase;
    private final boolean modelEma;
    private final int modelEmaSteps;
    private final double modelEmaDecay;
    private final Double clipGradNorm;
    private final int trainCropSize;
    private final int valResizeSize;
    private final int valCropSize;
    private final boolean raSampler;
    private final int raReps;
    private final boolean amp;
    // toolkit extras, not in train.py
    private final int gradientAccumulationSteps;
    private final double stochasticDepth;
    private final double dropout;
    private final int ghostBatchSize;
    private final int earlyStoppingPatience;
    private final boolean lrPerIteration;
    private final BasicAugmentation basicAugmentation;
    private final long seed;

    private Recipe(Builder b) {
        model = b.model;
        epochs = b.epochs;
        batchSize = b.batchSize;
        processes = b.processes;
        optimizer = b.optimizer;
        lr = b.lr;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
        normWeightDecay = b.normWeightDecay;
        biasWeightDecay = b.biasWeightDecay;
        labelSmoothing = b.labelSmoothing;
        mixupAlpha = b.mixupAlpha;
        cutmixAlpha = b.cutmixAlpha;
        lrScheduler = b.lrScheduler;
        lrStepSize = b.lrStepSize;
        lrGamma = b.lrGamma;
        lrWarmupEpochs = b.lrWarmupEpochs;
        lrWarmupMethod = b.lrWarmupMethod;
        lrWarmupDecay = b.lrWarmupDecay;
        lrMin = b.lrMin;
        autoAugment = b.autoAugment;
        raMagnitude = b.raMagnitude;
        augmixSeverity = b.augmixSeverity;
        randomErase = b.randomErase;
        modelEma = b.modelEma;
        modelEmaSteps = b.modelEmaSteps;
        modelEmaDecay = b.modelEmaDecay;
        clipGradNorm = b.clipGradNorm;
        trainCropSize = b.trainCropSize;
        valResizeSize = b.valResizeSize;
        valCropSize = b.valCropSize;
        raSampler = b.raSampler;
        raReps = b.raReps;
        amp = b.amp;
        gradientAccumulationSteps = b.gradientAccumulationSteps;
        stochasticDepth = b.stochasticDepth;
        dropout = b.dropout;
        ghostBatchSize = b.ghostBatchSize;
        earlyStoppingPatience = b.earlyStoppingPatience;
        lrPerIteration = b.lrPerIteration;
        basicAugmentation = b.basicAugmentation;
        seed = b.seed;
    }

    /** A builder holding train.py's defaults (every technique off), one process. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialized with this recipe's values. */
    public Builder toBuilder() {
        return new Builder(this);
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
        return builder()
                .optModel("resnet50")
                .optProcesses(8)
                .optBatchSize(128)
                .optLr(0.5)
                .optLrScheduler(LrScheduler.COSINEANNEALINGLR)
                .optLrWarmupEpochs(5)
                .optLrWarmupMethod(WarmupMethod.LINEAR)
                .optLrWarmupDecay(0.01)
                .optAutoAugment(AutoAugment.TA_WIDE)
                .optEpochs(600)
                .optRandomErase(0.1)
                .optWeightDecay(2e-5)
                .optNormWeightDecay(0.0)
                .optLabelSmoothing(0.1)
                .optMixupAlpha(0.2)
                .optCutmixAlpha(1.0)
                .optTrainCropSize(176)
                .optModelEma(true)
                .optModelEmaSteps(32)
                .optModelEmaDecay(0.99998)
                .optValResizeSize(232)
                .optRaSampler(true)
                .optRaReps(4)
                .build();
    }

    /**
     * The same recipe with {@code batchSize} images per process and the learning rate scaled
     * linearly (Goyal et al. 2017, arXiv 1706.02677) by {@code batchSize / getBatchSize()}.
     */
    public Recipe withBatchSize(int batchSize) {
        checkMin("batchSize", batchSize, 1);
        return toBuilder()
                .optBatchSize(batchSize)
                .optLr(lr * batchSize / this.batchSize)
                .build();
    }

    /**
     * The same recipe on one process with {@code totalBatchSize} images per step and the
     * learning rate scaled linearly by {@code totalBatchSize / getTotalBatchSize()}: e.g.
     * {@code torchvisionV2().withTotalBatchSize(128)} trains on one GPU with lr 0.0625.
     */
    public Recipe withTotalBatchSize(int totalBatchSize) {
        checkMin("totalBatchSize", totalBatchSize, 1);
        return toBuilder()
                .optProcesses(1)
                .optBatchSize(totalBatchSize)
                .optLr(lr * totalBatchSize / getTotalBatchSize())
                .build();
    }

    // ---------------------------------------------------------------- the settings table

    private static final class Setting {
        final String name;
        final Class<?> type;
        final boolean torchvision;
        final Function<Recipe, Object> getter;
        final BiConsumer<Builder, Object> setter;

        Setting(String name, Class<?> type, boolean torchvision, Function<Recipe, Object> getter,
                BiConsumer<Builder, Object> setter) {
            this.name = name;
            this.type = type;
            this.torchvision = torchvision;
            this.getter = getter;
            this.setter = setter;
        }
    }

    private static final List<Setting> SETTINGS = new ArrayList<>();
    private static final Map<String, Setting> BY_FLAG = new LinkedHashMap<>();

    private static void tv(String flag, Class<?> type, Function<Recipe, Object> getter,
            BiConsumer<Builder, Object> setter) {
        Setting s = new Setting(flag, type, true, getter, setter);
        SETTINGS.add(s);
        BY_FLAG.put(flag, s);
    }

    private static final Map<String, Setting> EXTRAS = new LinkedHashMap<>();

    private static void extra(String name, Class<?> type, Function<Recipe, Object> getter,
            BiConsumer<Builder, Object> setter) {
        Setting s = new Setting(name, type, false, getter, setter);
        SETTINGS.add(s);
        EXTRAS.put(name, s);
    }

    static {
        tv("model", String.class, r -> r.model, (b, v) -> b.optModel((String) v));
        tv("epochs", Integer.class, r -> r.epochs, (b, v) -> b.optEpochs((Integer) v));
        tv("batch-size", Integer.class, r -> r.batchSize, (b, v) -> b.optBatchSize((Integer) v));
        tv("opt", Optimizer.class, r -> r.optimizer, (b, v) -> b.optOptimizer((Optimizer) v));
        tv("lr", Double.class, r -> r.lr, (b, v) -> b.optLr((Double) v));
        tv("momentum", Double.class, r -> r.momentum, (b, v) -> b.optMomentum((Double) v));
        tv("weight-decay", Double.class, r -> r.weightDecay,
                (b, v) -> b.optWeightDecay((Double) v));
        tv("norm-weight-decay", Double.class, r -> r.normWeightDecay,
                (b, v) -> b.optNormWeightDecay((Double) v));
        tv("bias-weight-decay", Double.class, r -> r.biasWeightDecay,
                (b, v) -> b.optBiasWeightDecay((Double) v));
        tv("label-smoothing", Double.class, r -> r.labelSmoothing,
                (b, v) -> b.optLabelSmoothing((Double) v));
        tv("mixup-alpha", Double.class, r -> r.mixupAlpha, (b, v) -> b.optMixupAlpha((Double) v));
        tv("cutmix-alpha", Double.class, r -> r.cutmixAlpha,
                (b, v) -> b.optCutmixAlpha((Double) v));
        tv("lr-scheduler", LrScheduler.class, r -> r.lrScheduler,
                (b, v) -> b.optLrScheduler((LrScheduler) v));
        tv("lr-warmup-epochs", Integer.class, r -> r.lrWarmupEpochs,
                (b, v) -> b.optLrWarmupEpochs((Integer) v));
        tv("lr-warmup-method", WarmupMethod.class, r -> r.lrWarmupMethod,
                (b, v) -> b.optLrWarmupMethod((WarmupMethod) v));
        tv("lr-warmup-decay", Double.class, r -> r.lrWarmupDecay,
                (b, v) -> b.optLrWarmupDecay((Double) v));
        tv("lr-step-size", Integer.class, r -> r.lrStepSize,
                (b, v) -> b.optLrStepSize((Integer) v));
        tv("lr-gamma", Double.class, r -> r.lrGamma, (b, v) -> b.optLrGamma((Double) v));
        tv("lr-min", Double.class, r -> r.lrMin, (b, v) -> b.optLrMin((Double) v));
        tv("auto-augment", AutoAugment.class, r -> r.autoAugment,
                (b, v) -> b.optAutoAugment((AutoAugment) v));
        tv("ra-magnitude", Integer.class, r -> r.raMagnitude,
                (b, v) -> b.optRaMagnitude((Integer) v));
        tv("augmix-severity", Integer.class, r -> r.augmixSeverity,
                (b, v) -> b.optAugmixSeverity((Integer) v));
        tv("random-erase", Double.class, r -> r.randomErase,
                (b, v) -> b.optRandomErase((Double) v));
        tv("model-ema", Boolean.class, r -> r.modelEma, (b, v) -> b.optModelEma((Boolean) v));
        tv("model-ema-steps", Integer.class, r -> r.modelEmaSteps,
                (b, v) -> b.optModelEmaSteps((Integer) v));
        tv("model-ema-decay", Double.class, r -> r.modelEmaDecay,
                (b, v) -> b.optModelEmaDecay((Double) v));
        tv("clip-grad-norm", Double.class, r -> r.clipGradNorm,
                (b, v) -> b.optClipGradNorm((Double) v));
        tv("train-crop-size", Integer.class, r -> r.trainCropSize,
                (b, v) -> b.optTrainCropSize((Integer) v));
        tv("val-resize-size", Integer.class, r -> r.valResizeSize,
                (b, v) -> b.optValResizeSize((Integer) v));
        tv("val-crop-size", Integer.class, r -> r.valCropSize,
                (b, v) -> b.optValCropSize((Integer) v));
        tv("ra-sampler", Boolean.class, r -> r.raSampler, (b, v) -> b.optRaSampler((Boolean) v));
        tv("ra-reps", Integer.class, r -> r.raReps, (b, v) -> b.optRaReps((Integer) v));
        tv("amp", Boolean.class, r -> r.amp, (b, v) -> b.optAmp((Boolean) v));
        extra("gradient-accumulation-steps", Integer.class, r -> r.gradientAccumulationSteps,
                (b, v) -> b.optGradientAccumulationSteps((Integer) v));
        extra("stochastic-depth", Double.class, r -> r.stochasticDepth,
                (b, v) -> b.optStochasticDepth((Double) v));
        extra("dropout", Double.class, r -> r.dropout, (b, v) -> b.optDropout((Double) v));
        extra("ghost-batch-size", Integer.class, r -> r.ghostBatchSize, (b, v) -> b.optGhostBatchSize((Integer) v));
        extra("early-stopping-patience", Integer.class, r -> r.earlyStoppingPatience,
                (b, v) -> b.optEarlyStoppingPatience((Integer) v));
        extra("lr-per-iteration", Boolean.class, r -> r.lrPerIteration,
                (b, v) -> b.optLrPerIteration((Boolean) v));
        extra("basic-augmentation", BasicAugmentation.class, r -> r.basicAugmentation,
                (b, v) -> b.optBasicAugmentation((BasicAugmentation) v));
        extra("seed", Long.class, r -> r.seed, (b, v) -> b.optSeed((Long) v));
    }

    /** train.py flags that describe the run's environment, not the recipe: accepted, ignored. */
    private static final Map<String, Integer> ENVIRONMENT_FLAGS = Map.ofEntries(
            Map.entry("data-path", 1), Map.entry("output-dir", 1), Map.entry("device", 1),
            Map.entry("workers", 1), Map.entry("print-freq", 1), Map.entry("dist-url", 1),
            Map.entry("world-size", 1), Map.entry("resume", 1), Map.entry("start-epoch", 1),
            Map.entry("cache-dataset", 0), Map.entry("backend", 1), Map.entry("use-v2", 0));

    private static final Map<String, String> ALIASES =
            Map.of("b", "batch-size", "wd", "weight-decay", "j", "workers");

    private static final Recipe DEFAULTS = new Builder().build();

    // ---------------------------------------------------------------- command lines

    /**
     * The command line that runs this recipe with torchvision's reference: {@code torchrun
     * --nproc_per_node=P train.py} followed by every train.py flag whose value differs from
     * train.py's default, in a fixed order. Toolkit extras (no train.py flag) are left out.
     */
    public List<String> toTorchvisionArgs() {
        List<String> args = new ArrayList<>();
        args.add("torchrun");
        args.add("--nproc_per_node=" + processes);
        args.add("train.py");
        for (Setting s : SETTINGS) {
            if (!s.torchvision) {
                continue;
            }
            Object value = s.getter.apply(this);
            if (Objects.equals(value, s.getter.apply(DEFAULTS))) {
                continue;
            }
            if (s.type == Boolean.class) {
                if (!(Boolean) value) {
                    throw new IllegalStateException("flag --" + s.name + " cannot be unset");
                }
                args.add("--" + s.name);
            } else {
                args.add("--" + s.name);
                args.add(format(value));
            }
        }
        return args;
    }

    /**
     * The whole recipe as a command line: {@link #toTorchvisionArgs()} followed by every toolkit extra that differs
     * from its default, written {@code --name value} ({@code --lr-per-iteration true}), so that
     * {@link #fromTorchvisionArgs(List)} gives this recipe back, seed included. It is what a child process
     * ({@code Ablation.Builder.optWorkers}) is told to train; train.py itself does not know the extras.
     */
    public List<String> toArgs() {
        List<String> args = toTorchvisionArgs();
        for (Setting s : SETTINGS) {
            Object value = s.getter.apply(this);
            if (!s.torchvision && !Objects.equals(value, s.getter.apply(DEFAULTS))) {
                args.add("--" + s.name);
                args.add(format(value));
            }
        }
        return args;
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
        Builder builder = builder();
        int i = 0;
        if (i < args.size() && (args.get(i).equals("torchrun") || args.get(i).startsWith("python"))) {
            boolean torchrun = args.get(i).equals("torchrun");
            i++;
            while (i < args.size() && !args.get(i).endsWith(".py")) {
                String token = args.get(i);
                if (!torchrun) {
                    throw new IllegalArgumentException(
                            "expected the train.py script after " + args.get(0) + ", got " + token);
                }
                String key = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                if (!key.equals("--nproc_per_node") && !key.equals("--nproc-per-node")) {
                    throw new IllegalArgumentException(
                            "unknown torchrun option " + key + " (only --nproc_per_node is read)");
                }
                String value;
                if (token.contains("=")) {
                    value = token.substring(token.indexOf('=') + 1);
                } else {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("torchrun option " + key + " needs a value");
                    }
                    value = args.get(++i);
                }
                builder.optProcesses((Integer) parse(key, Integer.class, value));
                i++;
            }
            if (i >= args.size()) {
                throw new IllegalArgumentException("expected a train.py script, got none in " + args);
            }
            i++; // the script
        } else if (i < args.size() && args.get(i).endsWith(".py")) {
            i++;
        }
        for (; i < args.size(); i++) {
            String token = args.get(i);
            if (!token.startsWith("-")) {
                throw new IllegalArgumentException("expected a flag, got '" + token + "'");
            }
            String key = token.replaceFirst("^--?", "");
            String inlineValue = null;
            if (key.contains("=")) {
                inlineValue = key.substring(key.indexOf('=') + 1);
                key = key.substring(0, key.indexOf('='));
            }
            key = ALIASES.getOrDefault(key, key);
            Setting setting = BY_FLAG.containsKey(key) ? BY_FLAG.get(key) : EXTRAS.get(key);
            if (setting == null && !ENVIRONMENT_FLAGS.containsKey(key)) {
                throw new IllegalArgumentException("unknown train.py flag " + token.split("=")[0]
                        + " (not a setting of this Recipe; toolkit extras: " + EXTRAS.keySet() + ")");
            }
            boolean takesValue = setting != null
                    ? setting.type != Boolean.class || !setting.torchvision
                    : ENVIRONMENT_FLAGS.get(key) == 1;
            String value = inlineValue;
            if (takesValue && value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("flag --" + key + " needs a value");
                }
                value = args.get(++i);
            } else if (!takesValue && value != null) {
                throw new IllegalArgumentException(
                        "flag --" + key + " takes no value, got '" + value + "'");
            }
            if (setting != null) {
                setting.setter.accept(builder, takesValue ? parse("--" + key, setting.type, value) : Boolean.TRUE);
            }
        }
        return builder.build();
    }

    private static Object parse(String flag, Class<?> type, String value) {
        try {
            if (type == Integer.class) {
                return Integer.parseInt(value);
            }
            if (type == Double.class) {
                return Double.parseDouble(value);
            }
            if (type == Long.class) {
                return Long.parseLong(value);
            }
            if (type == String.class) {
                return value;
            }
            if (type == Boolean.class) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException(flag + " must be true or false, got '" + value + "'");
                }
                return Boolean.valueOf(value);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    flag + " must be " + (type == Double.class ? "a number" : "an integer")
                            + ", got '" + value + "'", e);
        }
        for (Object constant : type.getEnumConstants()) {
            String arg = argOf(constant);
            if (arg.equalsIgnoreCase(value)) {
                return constant;
            }
        }
        List<String> allowed = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            allowed.add(argOf(constant));
        }
        throw new IllegalArgumentException(flag + " must be one of " + allowed + ", got '" + value + "'");
    }

    private static String argOf(Object constant) {
        if (constant instanceof Optimizer o) {
            return o.arg();
        } else if (constant instanceof LrScheduler s) {
            return s.arg();
        } else if (constant instanceof WarmupMethod w) {
            return w.arg();
        } else if (constant instanceof AutoAugment a) {
            return a.arg();
        } else if (constant instanceof BasicAugmentation a) {
            return a.arg();
        }
        return String.valueOf(constant);
    }

    /** Python-like number text that parses back to the same double ({@code 2e-5} as 0.00002). */
    private static String format(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString();
            }
            String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        if (value instanceof Enum<?> e) {
            return argOf(e);
        }
        return String.valueOf(value);
    }

    // ---------------------------------------------------------------- tables

    /**
     * The settings as an ordered map for ablation tables: {@code processes}, then every train.py
     * flag name (without dashes) with its value (null where train.py's is None), then the
     * toolkit extras; enums as their command-line text.
     */
    public Map<String, Object> toRow() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("processes", processes);
        for (Setting s : SETTINGS) {
            Object v = s.getter.apply(this);
            row.put(s.name, v instanceof Enum<?> ? argOf(v) : v);
        }
        return Collections.unmodifiableMap(row);
    }

    /** {@link #toRow()} as a one-row Tablesaw table with typed columns. */
    public Table toTable() {
        List<Column<?>> columns = new ArrayList<>();
        IntColumn p = IntColumn.create("processes");
        p.append(processes);
        columns.add(p);
        for (Setting s : SETTINGS) {
            Object v = s.getter.apply(this);
            if (s.type == Integer.class) {
                columns.add(IntColumn.create(s.name, new int[] {(Integer) v}));
            } else if (s.type == Long.class) {
                columns.add(LongColumn.create(s.name, new long[] {(Long) v}));
            } else if (s.type == Double.class) {
                DoubleColumn c = DoubleColumn.create(s.name);
                if (v == null) {
                    c.appendMissing();
                } else {
                    c.append((Double) v);
                }
                columns.add(c);
            } else if (s.type == Boolean.class) {
                BooleanColumn c = BooleanColumn.create(s.name);
                c.append((Boolean) v);
                columns.add(c);
            } else {
                StringColumn c = StringColumn.create(s.name);
                if (v == null) {
                    c.appendMissing();
                } else {
                    c.append(v instanceof Enum<?> ? argOf(v) : (String) v);
                }
                columns.add(c);
            }
        }
        return Table.create("recipe", columns.toArray(new Column<?>[0]));
    }

    /** Names of the toolkit extras (settings without a train.py flag). */
    public static Set<String> extraNames() {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Setting s : SETTINGS) {
            if (!s.torchvision) {
                names.add(s.name);
            }
        }
        return Collections.unmodifiableSet(names);
    }

    // ---------------------------------------------------------------- getters

    /** torchvision model name ({@code --model}), default resnet18. */
    public String getModel() {
        return model;
    }

    /** Epochs ({@code --epochs}), default 90. */
    public int getEpochs() {
        return epochs;
    }

    /** Images per process and step ({@code -b}), default 32. */
    public int getBatchSize() {
        return batchSize;
    }

    /** Processes (torchrun {@code --nproc_per_node}), default 1. */
    public int getProcesses() {
        return processes;
    }

    /** {@code batchSize * processes}: the batch the learning rate belongs to. */
    public int getTotalBatchSize() {
        return batchSize * processes;
    }

    /** Optimizer ({@code --opt}), default SGD. */
    public Optimizer getOptimizer() {
        return optimizer;
    }

    /** Learning rate ({@code --lr}), default 0.1. */
    public double getLr() {
        return lr;
    }

    /** Momentum ({@code --momentum}), default 0.9. */
    public double getMomentum() {
        return momentum;
    }

    /** Weight decay ({@code --weight-decay}), default 1e-4. */
    public double getWeightDecay() {
        return weightDecay;
    }

    /** Weight decay of normalization layers ({@code --norm-weight-decay}); null: as weight decay. */
    public Double getNormWeightDecay() {
        return normWeightDecay;
    }

    /** Weight decay of biases ({@code --bias-weight-decay}); null: as weight decay. */
    public Double getBiasWeightDecay() {
        return biasWeightDecay;
    }

    /** Label smoothing ({@code --label-smoothing}), default 0. */
    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    /** mixup alpha ({@code --mixup-alpha}), default 0 (off). */
    public double getMixupAlpha() {
        return mixupAlpha;
    }

    /** CutMix alpha ({@code --cutmix-alpha}), default 0 (off). */
    public double getCutmixAlpha() {
        return cutmixAlpha;
    }

    /** Main learning-rate schedule ({@code --lr-scheduler}), default steplr. */
    public LrScheduler getLrScheduler() {
        return lrScheduler;
    }

    /** Step length of steplr in epochs ({@code --lr-step-size}), default 30. */
    public int getLrStepSize() {
        return lrStepSize;
    }

    /** Decay factor of steplr and exponentiallr ({@code --lr-gamma}), default 0.1. */
    public double getLrGamma() {
        return lrGamma;
    }

    /** Warmup epochs ({@code --lr-warmup-epochs}), default 0 (off). */
    public int getLrWarmupEpochs() {
        return lrWarmupEpochs;
    }

    /** Warmup method ({@code --lr-warmup-method}), default constant. */
    public WarmupMethod getLrWarmupMethod() {
        return lrWarmupMethod;
    }

    /** Warmup start factor ({@code --lr-warmup-decay}), default 0.01. */
    public double getLrWarmupDecay() {
        return lrWarmupDecay;
    }

    /** Final learning rate of the cosine schedule ({@code --lr-min}), default 0. */
    public double getLrMin() {
        return lrMin;
    }

    /** Auto-augment policy ({@code --auto-augment}); null: none (default). */
    public AutoAugment getAutoAugment() {
        return autoAugment;
    }

    /** RandAugment magnitude ({@code --ra-magnitude}), default 9. */
    public int getRaMagnitude() {
        return raMagnitude;
    }

    /** AugMix severity ({@code --augmix-severity}), default 3. */
    public int getAugmixSeverity() {
        return augmixSeverity;
    }

    /** Random erasing probability ({@code --random-erase}), default 0. */
    public double getRandomErase() {
        return randomErase;
    }

    /** Whether to keep an EMA of the weights ({@code --model-ema}), default false. */
    public boolean isModelEma() {
        return modelEma;
    }

    /** Steps between EMA updates ({@code --model-ema-steps}), default 32. */
    public int getModelEmaSteps() {
        return modelEmaSteps;
    }

    /** EMA decay ({@code --model-ema-decay}), default 0.99998. */
    public double getModelEmaDecay() {
        return modelEmaDecay;
    }

    /** Gradient-norm clip ({@code --clip-grad-norm}); null: none (default). */
    public Double getClipGradNorm() {
        return clipGradNorm;
    }

    /** Random-resized-crop size in training ({@code --train-crop-size}), default 224. */
    public int getTrainCropSize() {
        return trainCropSize;
    }

    /** Eval resize size ({@code --val-resize-size}), default 256. */
    public int getValResizeSize() {
        return valResizeSize;
    }

    /** Eval center-crop size ({@code --val-crop-size}), default 224. */
    public int getValCropSize() {
        return valCropSize;
    }

    /** Whether to use repeated augmentation ({@code --ra-sampler}), default false. */
    public boolean isRaSampler() {
        return raSampler;
    }

    /** Repetitions of repeated augmentation ({@code --ra-reps}), default 3. */
    public int getRaReps() {
        return raReps;
    }

    /** Mixed precision ({@code --amp}), default false. */
    public boolean isAmp() {
        return amp;
    }

    /** Extra: micro-batches accumulated per optimizer step, default 1 (none). */
    public int getGradientAccumulationSteps() {
        return gradientAccumulationSteps;
    }

    /** Extra: stochastic depth drop rate (Huang et al. 2016, arXiv 1603.09382), default 0. */
    public double getStochasticDepth() {
        return stochasticDepth;
    }

    /** Extra: dropout before the classifier, default 0. */
    public double getDropout() {
        return dropout;
    }

    /**
     * Extra: the virtual batch size of ghost batch normalization (Hoffer et al. 2017, arXiv 1705.08741) in every
     * normalization layer of the model, default 0 (plain batch normalization).
     */
    public int getGhostBatchSize() {
        return ghostBatchSize;
    }

    /** Extra: epochs without improvement before stopping, default 0 (never stop early). */
    public int getEarlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    /** Extra: whether the schedule is stepped every iteration (see {@link Builder#optLrPerIteration}), default false. */
    public boolean isLrPerIteration() {
        return lrPerIteration;
    }

    /** Extra: the basic augmentation before the auto-augment policy, default {@link BasicAugmentation#CROP_FLIP}. */
    public BasicAugmentation getBasicAugmentation() {
        return basicAugmentation;
    }

    /** Extra: random seed, default 0. */
    public long getSeed() {
        return seed;
    }

    // ---------------------------------------------------------------- value semantics

    private List<Object> values() {
        List<Object> values = new ArrayList<>();
        values.add(processes);
        for (Setting s : SETTINGS) {
            values.add(s.getter.apply(this));
        }
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recipe other && values().equals(other.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Recipe[");
        sb.append(String.join(" ", toTorchvisionArgs().subList(1, toTorchvisionArgs().size())));
        for (Setting s : SETTINGS) {
            if (!s.torchvision && !Objects.equals(s.getter.apply(this), s.getter.apply(DEFAULTS))) {
                sb.append(", ").append(s.name).append('=').append(format(s.getter.apply(this)));
            }
        }
        return sb.append(']').toString();
    }

    private static void checkMin(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    // ---------------------------------------------------------------- builder

    /** Builder of {@link Recipe}; starts from train.py's defaults. */
    public static final class Builder {
        private String model = "resnet18";
        private int epochs = 90;
        private int batchSize = 32;
        private int processes = 1;
        private Optimizer optimizer = Optimizer.SGD;
        private double lr = 0.1;
        private double momentum = 0.9;
        private double weightDecay = 1e-4;
        private Double normWeightDecay;
        private Double biasWeightDecay;
        private double labelSmoothing;
        private double mixupAlpha;
        private double cutmixAlpha;
        private LrScheduler lrScheduler = LrScheduler.STEPLR;
        private int lrStepSize = 30;
        private double lrGamma = 0.1;
        private int lrWarmupEpochs;
        private WarmupMethod lrWarmupMethod = WarmupMethod.CONSTANT;
        private double lrWarmupDecay = 0.01;
        private double lrMin;
        private AutoAugment autoAugment;
        private int raMagnitude = 9;
        private int augmixSeverity = 3;
        private double randomErase;
        private boolean modelEma;
        private int modelEmaSteps = 32;
        private double modelEmaDecay = 0.99998;
        private Double clipGradNorm;
        private int trainCropSize = 224;
        private int valResizeSize = 256;
        private int valCropSize = 224;
        private boolean raSampler;
        private int raReps = 3;
        private boolean amp;
        private int gradientAccumulationSteps = 1;
        private double stochasticDepth;
        private double dropout;
        private int ghostBatchSize;
        private int earlyStoppingPatience;
        private boolean lrPerIteration;
        private BasicAugmentation basicAugmentation = BasicAugmentation.CROP_FLIP;
        private long seed;

        private Builder() {}

        private Builder(Recipe r) {
            processes = r.processes;
            for (Setting s : SETTINGS) {
                s.setter.accept(this, s.getter.apply(r));
            }
        }

        /** Sets the model name, one of {@link RecipeRunner#MODELS} (checked by {@link #build()}). */
        public Builder optModel(String model) {
            this.model = model;
            return this;
        }

        /** Sets the number of epochs. */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Sets the images per process and step (the lr is not rescaled; see withBatchSize). */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Sets the number of processes (GPUs). */
        public Builder optProcesses(int processes) {
            this.processes = processes;
            return this;
        }

        /** Sets the optimizer. */
        public Builder optOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Sets the learning rate. */
        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Sets the momentum, in [0, 1). */
        public Builder optMomentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Sets the weight decay. */
        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Sets the weight decay of normalization layers (null: as weight decay). */
        public Builder optNormWeightDecay(Double normWeightDecay) {
            this.normWeightDecay = normWeightDecay;
            return this;
        }

        /** Sets the weight decay of biases (null: as weight decay). */
        public Builder optBiasWeightDecay(Double biasWeightDecay) {
            this.biasWeightDecay = biasWeightDecay;
            return this;
        }

        /** Sets the label smoothing in [0, 1). */
        public Builder optLabelSmoothing(double labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        /** Sets mixup's alpha (0: off). */
        public Builder optMixupAlpha(double mixupAlpha) {
            this.mixupAlpha = mixupAlpha;
            return this;
        }

        /** Sets CutMix's alpha (0: off). */
        public Builder optCutmixAlpha(double cutmixAlpha) {
            this.cutmixAlpha = cutmixAlpha;
            return this;
        }

        /** Sets the main learning-rate schedule. */
        public Builder optLrScheduler(LrScheduler lrScheduler) {
            this.lrScheduler = lrScheduler;
            return this;
        }

        /** Sets steplr's step length in epochs. */
        public Builder optLrStepSize(int lrStepSize) {
            this.lrStepSize = lrStepSize;
            return this;
        }

        /** Sets the decay factor of steplr / exponentiallr. */
        public Builder optLrGamma(double lrGamma) {
            this.lrGamma = lrGamma;
            return this;
        }

        /** Sets the warmup epochs (0: off). */
        public Builder optLrWarmupEpochs(int lrWarmupEpochs) {
            this.lrWarmupEpochs = lrWarmupEpochs;
            return this;
        }

        /** Sets the warmup method. */
        public Builder optLrWarmupMethod(WarmupMethod lrWarmupMethod) {
            this.lrWarmupMethod = lrWarmupMethod;
            return this;
        }

        /** Sets the warmup start factor in (0, 1]. */
        public Builder optLrWarmupDecay(double lrWarmupDecay) {
            this.lrWarmupDecay = lrWarmupDecay;
            return this;
        }

        /** Sets the cosine schedule's final learning rate. */
        public Builder optLrMin(double lrMin) {
            this.lrMin = lrMin;
            return this;
        }

        /** Sets the auto-augment policy (null: none). */
        public Builder optAutoAugment(AutoAugment autoAugment) {
            this.autoAugment = autoAugment;
            return this;
        }

        /** Sets the RandAugment magnitude in [0, 30]. */
        public Builder optRaMagnitude(int raMagnitude) {
            this.raMagnitude = raMagnitude;
            return this;
        }

        /** Sets the AugMix severity in [1, 10]. */
        public Builder optAugmixSeverity(int augmixSeverity) {
            this.augmixSeverity = augmixSeverity;
            return this;
        }

        /** Sets the random-erasing probability in [0, 1]. */
        public Builder optRandomErase(double randomErase) {
            this.randomErase = randomErase;
            return this;
        }

        /** Sets whether to keep an EMA of the weights. */
        public Builder optModelEma(boolean modelEma) {
            this.modelEma = modelEma;
            return this;
        }

        /** Sets the steps between EMA updates. */
        public Builder optModelEmaSteps(int modelEmaSteps) {
            this.modelEmaSteps = modelEmaSteps;
            return this;
        }

        /** Sets the EMA decay in [0, 1]. */
        public Builder optModelEmaDecay(double modelEmaDecay) {
            this.modelEmaDecay = modelEmaDecay;
            return this;
        }

        /** Sets the gradient-norm clip (&gt; 0; null: none). */
        public Builder optClipGradNorm(Double clipGradNorm) {
            this.clipGradNorm = clipGradNorm;
            return this;
        }

        /** Sets the training crop size. */
        public Builder optTrainCropSize(int trainCropSize) {
            this.trainCropSize = trainCropSize;
            return this;
        }

        /** Sets the eval resize size. */
        public Builder optValResizeSize(int valResizeSize) {
            this.valResizeSize = valResizeSize;
            return this;
        }

        /** Sets the eval crop size. */
        public Builder optValCropSize(int valCropSize) {
            this.valCropSize = valCropSize;
            return this;
        }

        /** Sets whether to use repeated augmentation. */
        public Builder optRaSampler(boolean raSampler) {
            this.raSampler = raSampler;
            return this;
        }

        /** Sets the repetitions of repeated augmentation. */
        public Builder optRaReps(int raReps) {
            this.raReps = raReps;
            return this;
        }

        /** Sets mixed precision. */
        public Builder optAmp(boolean amp) {
            this.amp = amp;
            return this;
        }

        /** Extra: sets the micro-batches accumulated per optimizer step (&gt;= 1). */
        public Builder optGradientAccumulationSteps(int gradientAccumulationSteps) {
            this.gradientAccumulationSteps = gradientAccumulationSteps;
            return this;
        }

        /** Extra: sets the stochastic depth drop rate in [0, 1). */
        public Builder optStochasticDepth(double stochasticDepth) {
            this.stochasticDepth = stochasticDepth;
            return this;
        }

        /** Extra: sets the dropout rate in [0, 1). */
        public Builder optDropout(double dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Extra: normalizes virtual batches of {@code ghostBatchSize} examples separately in training (ghost batch
         * normalization, {@link org.sota4j.models.Norm#ghostBatchNorm}); 0, the default, is plain batch norm.
         */
        public Builder optGhostBatchSize(int ghostBatchSize) {
            this.ghostBatchSize = ghostBatchSize;
            return this;
        }

        /** Extra: sets the early-stopping patience in epochs (0: off). */
        public Builder optEarlyStoppingPatience(int earlyStoppingPatience) {
            this.earlyStoppingPatience = earlyStoppingPatience;
            return this;
        }

        /**
         * Steps the learning-rate schedule every iteration instead of every epoch (default false: train.py steps its
         * torch scheduler once an epoch). Warmup and cosine then change the rate within each epoch, so a short run
         * warms up and anneals smoothly; a toolkit extra, not a train.py flag.
         */
        public Builder optLrPerIteration(boolean lrPerIteration) {
            this.lrPerIteration = lrPerIteration;
            return this;
        }

        /**
         * Extra: sets the basic augmentation before the auto-augment policy (default crop and flip); {@code FLIP} and
         * {@code NONE} keep the native size, so they need torchvision's default crop sizes.
         */
        public Builder optBasicAugmentation(BasicAugmentation basicAugmentation) {
            this.basicAugmentation = basicAugmentation;
            return this;
        }

        /** Extra: sets the random seed. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException naming the parameter and its value
         */
        public Recipe build() {
            if (model == null || !RecipeRunner.MODELS.contains(model.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("model must be one of " + String.join(", ", RecipeRunner.MODELS)
                        + " (the models RecipeRunner builds), got '" + model + "'");
            }
            checkMin("epochs", epochs, 1);
            checkMin("batchSize", batchSize, 1);
            checkMin("processes", processes, 1);
            requireNonNull("optimizer", optimizer);
            requireNonNull("lrScheduler", lrScheduler);
            requireNonNull("lrWarmupMethod", lrWarmupMethod);
            positive("lr", lr);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            }
            nonNegative("weightDecay", weightDecay);
            if (normWeightDecay != null) {
                nonNegative("normWeightDecay", normWeightDecay);
            }
            if (biasWeightDecay != null) {
                nonNegative("biasWeightDecay", biasWeightDecay);
            }
            if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
                throw new IllegalArgumentException(
                        "labelSmoothing must be in [0, 1), got " + labelSmoothing);
            }
            nonNegative("mixupAlpha", mixupAlpha);
            nonNegative("cutmixAlpha", cutmixAlpha);
            checkMin("lrStepSize", lrStepSize, 1);
            positive("lrGamma", lrGamma);
            checkMin("lrWarmupEpochs", lrWarmupEpochs, 0);
            if (lrWarmupEpochs > epochs) {
                throw new IllegalArgumentException("lrWarmupEpochs must be <= epochs (" + epochs
                        + "), got " + lrWarmupEpochs);
            }
            if (lrScheduler == LrScheduler.COSINEANNEALINGLR && lrWarmupEpochs == epochs) {
                throw new IllegalArgumentException("lrWarmupEpochs must be < epochs (" + epochs
                        + ") with cosineannealinglr (its T_max = epochs - warmup), got "
                        + lrWarmupEpochs);
            }
            if (!(lrWarmupDecay > 0 && lrWarmupDecay <= 1)) {
                throw new IllegalArgumentException(
                        "lrWarmupDecay must be in (0, 1], got " + lrWarmupDecay);
            }
            nonNegative("lrMin", lrMin);
            if (raMagnitude < 0 || raMagnitude > 30) {
                throw new IllegalArgumentException(
                        "raMagnitude must be in [0, 30] (31 magnitude bins), got " + raMagnitude);
            }
            if (augmixSeverity < 1 || augmixSeverity > 10) {
                throw new IllegalArgumentException(
                        "augmixSeverity must be in [1, 10], got " + augmixSeverity);
            }
            probability("randomErase", randomErase);
            checkMin("modelEmaSteps", modelEmaSteps, 1);
            probability("modelEmaDecay", modelEmaDecay);
            if (clipGradNorm != null) {
                positive("clipGradNorm", clipGradNorm);
            }
            checkMin("trainCropSize", trainCropSize, 1);
            checkMin("valResizeSize", valResizeSize, 1);
            checkMin("valCropSize", valCropSize, 1);
            checkMin("raReps", raReps, 1);
            checkMin("gradientAccumulationSteps", gradientAccumulationSteps, 1);
            if (!(stochasticDepth >= 0 && stochasticDepth < 1)) {
                throw new IllegalArgumentException(
                        "stochasticDepth must be in [0, 1), got " + stochasticDepth);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            checkMin("ghostBatchSize", ghostBatchSize, 0);
            checkMin("earlyStoppingPatience", earlyStoppingPatience, 0);
            requireNonNull("basicAugmentation", basicAugmentation);
            boolean defaultCrops = trainCropSize == 224 && valResizeSize == 256 && valCropSize == 224;
            if (!defaultCrops && (basicAugmentation == BasicAugmentation.FLIP
                    || basicAugmentation == BasicAugmentation.NONE)) {
                throw new IllegalArgumentException("basicAugmentation " + basicAugmentation.arg()
                        + " keeps the native size, so it needs the default crop sizes (trainCropSize 224, "
                        + "valResizeSize 256, valCropSize 224), got " + trainCropSize + ", " + valResizeSize + ", "
                        + valCropSize);
            }
            return new Recipe(this);
        }

        private static void requireNonNull(String name, Object value) {
            if (value == null) {
                throw new IllegalArgumentException(name + " must not be null, got null");
            }
        }

        private static void positive(String name, double value) {
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
            }
        }

        private static void nonNegative(String name, double value) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + value);
            }
        }

        private static void probability(String name, double value) {
            if (!(value >= 0 && value <= 1)) {
                throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
            }
        }
    }

    static {
        // keep the flag names in one vocabulary: lower-case with dashes
        for (Setting s : SETTINGS) {
            if (!s.name.equals(s.name.toLowerCase(Locale.ROOT))) {
                throw new ExceptionInInitializerError("setting name " + s.name);
            }
        }
    }
}
