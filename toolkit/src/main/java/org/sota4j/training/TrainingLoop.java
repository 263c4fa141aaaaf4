package org.sota4j.training;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import org.sota4j.augmentation.BatchTransform;
import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.mixing.BatchMixer;
import org.sota4j.optimizers.Sgd;
import org.sota4j.optimizers.StatefulOptimizer;
import org.sota4j.sampling.EpochSampler;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The toolkit's training loop: epochs of batches sliced from a resident {@link ImageTensorDataset}
 * (any other DJL {@link RandomAccessDataset} of H x W x C images is copied into one when training starts,
 * {@link Datasets#copyHwcDataset}), with batched augmentation, mixing, gradient accumulation, hooks
 * (clipping, EMA, early stopping), validation, a {@link History} with a column for each metric the hooks
 * report, progress output and checkpoints that a run can resume from.
 *
 * <p>It drives DJL's own {@link Trainer} (forward, gradient collection, {@code step()}), adding what
 * DJL's {@code EasyTrain} lacks. All randomness comes from one seed, re-derived at the start of each
 * epoch, so a run resumed from an epoch's checkpoint reproduces the weights of an uninterrupted run.
 * Per-batch arrays live under a sub-manager closed after each step, so native memory stays flat.
 *
 * <pre>{@code
 * try (Model model = Model.newInstance("resnet20")) {
 *     model.setBlock(Models.resnet20(10));
 *     History h = TrainingLoop.builder().setModel(model).setTrainData(train).optValidationData(test)
 *             .setEpochs(5).optBatchSize(128).build().fit();
 * }
 * }</pre>
 */
public final class TrainingLoop {

    /** Computes the training loss of a batch (the default applies a DJL {@link Loss} to targets and logits). */
    @FunctionalInterface
    public interface LossFunction {
        /**
         * Returns the scalar loss.
         *
         * @param images the normalized (and mixed) input batch
         * @param logits the model's output
         * @param targets class probabilities, N x K
         */
        NDArray loss(NDArray images, NDArray logits, NDArray targets);
    }

    /** What hooks see of the running loop. */
    public final class Context {
        private Trainer trainer;
        private int epoch;
        private long step;
        private Random random;
        private ImageTensorDataset validationData;

        /** Returns DJL's trainer (its model, manager, devices). */
        public Trainer getTrainer() {
            return trainer;
        }

        /** Returns the model being trained. */
        public Block getBlock() {
            return model.getBlock();
        }

        /** Returns the current epoch, from 1. */
        public int getEpoch() {
            return epoch;
        }

        /** Returns the optimizer steps done so far. */
        public long getStep() {
            return step;
        }

        /** Returns the epoch's random source (for hooks that draw). */
        public Random getRandom() {
            return random;
        }

        /** Returns the total number of epochs of the run. */
        public int getEpochs() {
            return epochs;
        }

        /** Returns the optimizer steps of one epoch. */
        public int getStepsPerEpoch() {
            return stepsPerEpoch();
        }

        /** Returns the batch size. */
        public int getBatchSize() {
            return batchSize;
        }

        /** Returns whether the loop has validation data. */
        public boolean hasValidationData() {
            return validation != null;
        }

        /** Evaluates the model as it is now on the validation data: {loss, accuracy}, or NaNs without it. */
        public double[] validate() {
            return validationData == null ? new double[] {Double.NaN, Double.NaN} : evaluate(trainer, validationData);
        }
    }

    private final Model model;
    private final RandomAccessDataset train;
    private final RandomAccessDataset validation;
    private final int trainExamples;
    private final int epochs;
    private final int batchSize;
    private final int evalBatchSize;
    private final ParameterTracker loggedRate;
    private final Optimizer optimizer;
    private final LossFunction lossFunction;
    private final Loss evalLoss;
    private final BatchTransform augmentation;
    private final BatchTransform postNormalization;
    private final BatchTransform evalTransform;
    private final boolean channelsLast;
    private final BatchMixer mixer;
    private final float[] mean;
    private final float[] std;
    private final EpochSampler sampler;
    private final int accumulation;
    private final List<TrainingHook> hooks;
    private final Path checkpointDir;
    private final boolean resume;
    private final int stopAfterEpoch;
    private final long seed;
    private final PrintStream progressOut;
    private final String name;

    private static final Tracker DEFAULT_RATE = Tracker.fixed(0.1f);
    private static final float DEFAULT_DECAY = 1e-4f;

    private final Context context = new Context();
    private NDArray mean255;
    private NDArray std255;

    private TrainingLoop(Builder b) {
        model = b.model;
        train = b.train;
        validation = b.validation;
        trainExamples = examples(b.train);
        epochs = b.epochs;
        batchSize = b.batchSize;
        evalBatchSize = b.evalBatchSize > 0 ? b.evalBatchSize : Math.max(b.batchSize, 256);
        Loss loss = b.loss != null ? b.loss : Loss.softmaxCrossEntropyLoss("loss", 1f, -1, false, true);
        lossFunction = b.lossFunction != null ? b.lossFunction
                : (images, logits, targets) -> loss.evaluate(new NDList(targets), new NDList(logits));
        evalLoss = loss;
        optimizer = b.optimizer != null ? b.optimizer
                : Sgd.builder().setLearningRateTracker(b.learningRate != null ? b.learningRate : DEFAULT_RATE)
                        .optMomentum(0.9f).optWeightDecays(b.weightDecay != null ? b.weightDecay : DEFAULT_DECAY)
                        .build();
        loggedRate = optimizer instanceof StatefulOptimizer s ? s.getLearningRateTracker() : null;
        augmentation = b.augmentation;
        postNormalization = b.postNormalization;
        evalTransform = b.evalTransform;
        channelsLast = b.channelsLast;
        mixer = b.mixer;
        mean = b.mean;
        std = b.std;
        sampler = b.sampler;
        accumulation = b.accumulation;
        hooks = List.copyOf(b.hooks);
        checkpointDir = b.checkpointDir;
        resume = b.resume;
        stopAfterEpoch = b.stopAfterEpoch;
        seed = b.seed;
        progressOut = b.progressOut;
        name = b.name != null ? b.name : model.getName();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the optimizer steps of one epoch, of the sampler's epoch length ({@link EpochSampler#epochLength}). */
    public int stepsPerEpoch() {
        int examples = sampler == null ? trainExamples : sampler.epochLength(trainExamples);
        return stepsPerEpoch(examples, batchSize, accumulation);
    }

    /**
     * Returns the optimizer steps of an epoch of {@code examples} examples: batches of {@code batchSize} (a last
     * partial batch counts unless it holds a single example, which batch norm cannot train on), grouped by
     * {@code accumulation} micro-batches per step (a last smaller group is a step of its own).
     */
    public static int stepsPerEpoch(int examples, int batchSize, int accumulation) {
        return (batchesOf(examples, batchSize) + accumulation - 1) / accumulation;
    }

    private static int batchesOf(int examples, int batchSize) {
        return examples / batchSize + (examples % batchSize > 1 ? 1 : 0);
    }

    /**
     * Trains for the configured epochs (resuming from the checkpoint when asked) and returns the history.
     *
     * @throws TrainingDivergedException when the training loss of a batch or the validation loss of an epoch
     *     becomes NaN or infinite
     * @throws IllegalArgumentException when the model's output is not one logit per class of the training data
     * @throws IllegalStateException when resuming from a checkpoint trained with other data, batch size,
     *     gradient accumulation, hooks or model
     */
    public History fit() {
        Device device = model.getNDManager().getDevice();
        History history = new History(name);
        List<ImageTensorDataset> copies = new ArrayList<>();
        try {
            ImageTensorDataset trainData = resident(train, "trainData", null, device, copies);
            ImageTensorDataset valData = validation == null ? null
                    : resident(validation, "validationData", trainData.getClasses(), device, copies);
            checkData(trainData, valData, mean, std);
            return fit(device, history, trainData, valData);
        } finally {
            copies.forEach(ImageTensorDataset::close);
        }
    }

    private History fit(Device device, History history, ImageTensorDataset trainData, ImageTensorDataset valData) {
        DefaultTrainingConfig config = new DefaultTrainingConfig(evalLoss).optOptimizer(optimizer)
                .optDevices(new Device[] {device});
        Shape imageShape = trainData.imageShape();
        int channels = (int) imageShape.get(0);
        Shape inputShape = new Shape(1, channels, imageShape.get(1), imageShape.get(2));
        // initialize (or load) the weights before the trainer exists: its parameter store keeps the arrays it
        // first sees
        Engine.getInstance().setRandomSeed((int) seed);
        model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, inputShape);
        Checkpoint.TrainedWith trainedWith = checkpointDir == null ? null : trainedWith(trainData);
        boolean resuming = resume && checkpointDir != null && Checkpoint.exists(checkpointDir);
        if (resuming) {
            Checkpoint.checkTrainedWith(checkpointDir, trainedWith);
            loadParameters(model, Checkpoint.current(checkpointDir).resolve("params"));
        }
        try (Trainer trainer = model.newTrainer(config); NDManager run = model.getNDManager().newSubManager()) {
            context.trainer = trainer;
            context.validationData = valData;
            mean255 = run.create(scaled(mean, channels, 255f)).reshape(1, channels, 1, 1);
            std255 = run.create(scaled(std, channels, 255f)).reshape(1, channels, 1, 1);
            trainer.initialize(inputShape);
            int startEpoch = 0;
            Path lastGood = null;
            hooks.forEach(h -> h.onTrainBegin(context));
            if (resuming) {
                Checkpoint.State state = Checkpoint.load(checkpointDir, model, optimizer, hooks, history);
                startEpoch = state.epoch();
                context.step = state.step();
                lastGood = Checkpoint.current(checkpointDir);
            }
            ProgressBar progress = new ProgressBar(progressOut, epochs);
            long start = System.nanoTime();
            double previousWall = history.rows().isEmpty() ? 0 : history.last().wallSeconds();
            try {
                for (int epoch = startEpoch + 1; epoch <= epochs; epoch++) {
                    context.epoch = epoch;
                    context.random = new Random(seed * 1_000_003L + epoch);
                    Engine.getInstance().setRandomSeed((int) (seed * 7919 + epoch));
                    long epochStart = System.nanoTime();
                    double[] trainStats = trainEpoch(trainer, trainData, run, progress, lastGood);
                    double epochSeconds = (System.nanoTime() - epochStart) / 1e9;
                    double[] val = valData == null ? new double[] {Double.NaN, Double.NaN} : evaluate(trainer, valData);
                    if (valData != null && !Double.isFinite(val[0])) {
                        throw new TrainingDivergedException("validation loss", epoch, context.step, val[0], lastGood);
                    }
                    History.Row row = new History.Row(epoch, context.step,
                            loggedRate(), trainStats[0], trainStats[1],
                            val[0], val[1], trainStats[2] / epochSeconds,
                            previousWall + (System.nanoTime() - start) / 1e9, hookMetrics());
                    history.add(row);
                    progress.epochDone(row);
                    boolean stop = false;
                    for (TrainingHook hook : hooks) {
                        stop |= hook.afterEpoch(context, row);
                    }
                    if (checkpointDir != null) {
                        lastGood = Checkpoint.save(checkpointDir, model, optimizer, hooks, history, epoch,
                                context.step, seed, trainedWith);
                    }
                    if (stop || epoch == stopAfterEpoch) {
                        break;
                    }
                }
            } finally {
                hooks.forEach(h -> h.onTrainEnd(context));
            }
            return history;
        }
    }

    /**
     * Returns {@code data} as a resident dataset on {@code device}: itself when it is one there, else a copy (of a
     * plain DJL dataset, {@link Datasets#copyHwcDataset}, with {@code classes} or its own), added to {@code copies}.
     */
    private static ImageTensorDataset resident(RandomAccessDataset data, String what, List<String> classes,
            Device device, List<ImageTensorDataset> copies) {
        ImageTensorDataset images;
        if (data instanceof ImageTensorDataset d) {
            images = d;
        } else {
            try {
                images = Datasets.copyHwcDataset(what + " (" + data.getClass().getSimpleName() + ", copied)", data,
                        classes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + what + ": " + e.getMessage(), e);
            }
            copies.add(images);
        }
        ImageTensorDataset moved = onDevice(images, device);
        if (moved != images) {
            copies.add(moved);
        }
        return moved;
    }

    /** Returns the number of training examples of {@code data}: its labels when resident, else its size. */
    private static int examples(RandomAccessDataset data) {
        return data instanceof ImageTensorDataset d ? d.getLabels().length
                : (int) Math.min(Integer.MAX_VALUE, data.size());
    }

    /** Refuses normalization values that do not fit the images' channels, and validation data of other classes. */
    private static void checkData(ImageTensorDataset train, ImageTensorDataset validation, float[] mean, float[] std) {
        int channels = (int) train.imageShape().get(0);
        for (float[] v : new float[][] {mean, std}) {
            if (v.length != 1 && v.length != channels) {
                throw new IllegalArgumentException("normalization must have 1 or " + channels
                        + " values per channel, got " + v.length);
            }
        }
        if (validation != null && validation.numClasses() != train.numClasses()) {
            throw new IllegalArgumentException("validationData must have the training data's "
                    + train.numClasses() + " classes, got " + validation.numClasses());
        }
    }

    /**
     * Returns the rate the optimizer's tracker gives the last step (a toolkit optimizer's, before per-parameter
     * multipliers; asked for the first trainable parameter), or NaN for an optimizer whose tracker cannot be read.
     */
    private double loggedRate() {
        if (loggedRate == null) {
            return Double.NaN;
        }
        String id = "";
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                id = p.getValue().getId();
                break;
            }
        }
        return loggedRate.getNewValue(id, (int) Math.max(1, context.step));
    }

    /** Collects the hooks' metrics of the epoch, refusing a name that is a base column or another hook's. */
    private Map<String, Double> hookMetrics() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (TrainingHook hook : hooks) {
            Map<String, Double> m = hook.epochMetrics(context);
            if (m == null) {
                throw new IllegalStateException("hook " + hook.getClass().getName()
                        + " must return its metrics (an empty map for none) from epochMetrics, got null");
            }
            m.forEach((k, v) -> {
                if (k == null || k.isBlank() || History.BASE_COLUMNS.contains(k) || metrics.containsKey(k)) {
                    throw new IllegalStateException("hook " + hook.getClass().getName() + " reports metric '" + k
                            + "', expected a non-blank name that is not one of " + History.BASE_COLUMNS
                            + " nor one of the earlier hooks' " + metrics.keySet());
                }
                if (v == null) {
                    throw new IllegalStateException("hook " + hook.getClass().getName() + " reports metric '" + k
                            + "' with no value (null); report NaN for a value not measured");
                }
                metrics.put(k, v);
            });
        }
        return metrics;
    }

    /** Returns what this loop trains with, as checkpoints record it (the model must be initialized). */
    private Checkpoint.TrainedWith trainedWith(ImageTensorDataset train) {
        long parameters = 0;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            parameters += p.getValue().getArray().size();
        }
        return new Checkpoint.TrainedWith(train.getLabels().length, fingerprint(train), batchSize, accumulation,
                hooks.stream().map(h -> h.getClass().getName()).toList(), parameters);
    }

    /** Returns a CRC-32 of the labels, the image shape and up to 16 evenly spaced images of {@code data}. */
    static String fingerprint(ImageTensorDataset data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        int[] labels = data.getLabels();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(4 * labels.length);
        buffer.asIntBuffer().put(labels);
        crc.update(buffer.array());
        crc.update(data.imageShape().toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int picks = Math.min(16, labels.length);
        int[] idx = new int[picks];
        for (int i = 0; i < picks; i++) {
            idx[i] = (int) ((long) i * labels.length / picks);
        }
        try (NDManager temp = data.getImages().getManager().newSubManager()) {
            NDArray picked = data.getImages().get(temp.create(idx));
            picked.attach(temp);
            crc.update(picked.toByteArray());
        }
        return String.format("%08x", crc.getValue());
    }

    private double[] trainEpoch(Trainer trainer, ImageTensorDataset data, NDManager run, ProgressBar progress,
            Path lastGood) {
        int[] labels = data.getLabels();
        int[] order = (sampler == null ? EpochSampler.shuffle() : sampler)
                .indices(context.epoch, labels.length, context.random);
        int batches = batchesOf(order.length, batchSize);
        int numClasses = data.numClasses();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        int micro = 0;
        int groupExamples = 0;
        progress.epochBegin(context.epoch, batches);
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int to = Math.min(order.length, from + batchSize);
            if (micro == 0) { // the examples of this optimizer step: up to `accumulation` micro-batches
                groupExamples = Math.min(order.length, Math.min(batches, b + accumulation) * batchSize) - from;
            }
            int[] idx = java.util.Arrays.copyOfRange(order, from, to);
            int[] y = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                y[i] = labels[idx[i]];
            }
            try (NDManager step = run.newSubManager()) {
                NDArray x = gather(data.getImages(), idx, step);
                NDArray yArray = step.create(y);
                NDArray targets = yArray.oneHot(numClasses);
                if (augmentation != null) {
                    x = augmentation.apply(x, context.random);
                }
                x = x.sub(mean255).div(std255);
                if (postNormalization != null) {
                    x = postNormalization.apply(x, context.random);
                }
                if (mixer != null) {
                    NDList mixed = mixer.mix(x, targets, context.random);
                    x = mixed.get(0);
                    targets = mixed.get(1);
                }
                float[] stats;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray logits = trainer.forward(new NDList(channelsLast ? channelsLast(x) : x))
                            .singletonOrThrow();
                    checkLogits(logits.getShape(), idx.length, numClasses);
                    NDArray loss = lossFunction.loss(x, logits, targets);
                    // each micro-batch's mean loss weighted by its share of the step's examples, so that the
                    // accumulated gradient is the one of the mean loss over all of them (a single batch of them)
                    collector.backward(groupExamples == idx.length ? loss
                            : loss.mul((float) idx.length / groupExamples));
                    NDArray hits = logits.argMax(1).eq(yArray.toType(DataType.INT64, false)).sum()
                            .toType(DataType.FLOAT32, false);
                    stats = NDArrays.stack(new NDList(loss.toType(DataType.FLOAT32, false).reshape(1),
                            hits.reshape(1))).toFloatArray();
                }
                if (!Float.isFinite(stats[0])) {
                    throw new TrainingDivergedException(context.epoch, context.step + 1, stats[0], lastGood);
                }
                lossSum += stats[0] * idx.length;
                correct += (long) stats[1];
                seen += idx.length;
                micro++;
                if (micro == accumulation || b == batches - 1) {
                    for (TrainingHook hook : hooks) {
                        hook.afterBackward(context);
                    }
                    trainer.step();
                    if (!(optimizer instanceof StatefulOptimizer)) { // the toolkit's optimizers have cleared them
                        zeroGradients();
                    }
                    context.step++;
                    micro = 0;
                    for (TrainingHook hook : hooks) {
                        hook.afterStep(context);
                    }
                }
                progress.batchDone(b + 1, lossSum / seen);
            }
        }
        return new double[] {lossSum / seen, (double) correct / seen, seen};
    }

    /** Refuses a model whose output is not one logit per class of the data, before its loss or step. */
    private void checkLogits(Shape logits, int examples, int numClasses) {
        if (logits.dimension() != 2 || logits.get(0) != examples || logits.get(1) != numClasses) {
            throw new IllegalArgumentException("model must output " + new Shape(examples, numClasses)
                    + " for a batch of " + examples + " (one logit per class of the training data's " + numClasses
                    + " classes), got " + logits + " at epoch " + context.epoch + ", step " + (context.step + 1));
        }
    }

    private void zeroGradients() {
        zeroGradients(model.getBlock());
    }

    /**
     * Sets the gradients of every trainable parameter of {@code block} to zero. The toolkit's optimizers
     * ({@link org.sota4j.optimizers.StatefulOptimizer}) clear them in {@code Trainer.step()}; with any other
     * {@link Optimizer} the loop clears them after every step, so that it trains correctly too.
     */
    public static void zeroGradients(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient() && p.getValue().isInitialized()) {
                StatefulOptimizer.zeroGradient(p.getValue().getArray());
            }
        }
    }

    /** Returns {loss, accuracy} of the current weights on {@code data}, in inference mode. */
    public double[] evaluate(Trainer trainer, ImageTensorDataset data) {
        int[] labels = data.getLabels();
        double lossSum = 0;
        long correct = 0;
        try (NDManager eval = model.getNDManager().newSubManager()) {
            for (int from = 0; from < labels.length; from += evalBatchSize) {
                int to = Math.min(labels.length, from + evalBatchSize);
                int[] idx = new int[to - from];
                int[] y = new int[idx.length];
                for (int i = 0; i < idx.length; i++) {
                    idx[i] = from + i;
                    y[i] = labels[from + i];
                }
                try (NDManager step = eval.newSubManager()) {
                    NDArray x = gather(data.getImages(), idx, step);
                    if (evalTransform != null) {
                        x = evalTransform.apply(x, new Random(0));
                    }
                    x = x.sub(mean255).div(std255);
                    NDArray logits = trainer.evaluate(new NDList(channelsLast ? channelsLast(x) : x))
                            .singletonOrThrow();
                    NDArray yArray = step.create(y);
                    NDArray loss = evalLoss.evaluate(new NDList(yArray.oneHot(data.numClasses())), new NDList(logits));
                    NDArray hits = logits.argMax(1).eq(yArray.toType(DataType.INT64, false)).sum()
                            .toType(DataType.FLOAT32, false);
                    float[] stats = NDArrays.stack(new NDList(loss.toType(DataType.FLOAT32, false).reshape(1),
                            hits.reshape(1))).toFloatArray();
                    lossSum += stats[0] * idx.length;
                    correct += (long) stats[1];
                }
            }
        }
        return new double[] {lossSum / labels.length, (double) correct / labels.length};
    }

    /** Slices images {@code idx} out of the resident uint8 array as float32, owned by {@code manager}. */
    public static NDArray gather(NDArray images, int[] idx, NDManager manager) {
        NDArray index = manager.create(idx);
        NDArray picked = images.get(index);
        picked.attach(manager);
        return picked.toType(DataType.FLOAT32, false);
    }

    /**
     * Returns a batch {@code (N, C, H, W)} with the same shape and values, laid out channels-last in memory (the
     * strides of an {@code (N, H, W, C)} array, PyTorch's {@code torch.channels_last}). libtorch's convolutions
     * (oneDNN) run such an input in their NHWC kernels, without reordering it, and give their output, so every
     * later layer and the backward pass, the same layout; on this project's 2-core CPU a ResNet-20 training step
     * took 14-19 % less time so ({@code bench/README.md}). The values of a step differ from the
     * {@code (N, C, H, W)} one only by float rounding (sums in another order). One copy of the batch; owned by
     * {@code x}'s manager.
     *
     * @throws IllegalArgumentException if {@code x} is not 4-dimensional
     */
    public static NDArray channelsLast(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("x must be a batch (N, C, H, W), got shape " + s);
        }
        // the NHWC view copied into NHWC memory (flatten cannot view a permuted array), then viewed as NCHW again
        return x.transpose(0, 2, 3, 1).flatten().reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
    }

    private static ImageTensorDataset onDevice(ImageTensorDataset data, Device device) {
        return data.getImages().getDevice().equals(device) ? data : data.toDevice(device);
    }

    private static float[] scaled(float[] values, int channels, float factor) {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = values[values.length == 1 ? 0 : c] * factor;
        }
        return out;
    }

    /** Builds a {@link TrainingLoop}; only the model, the training data and the epochs are required. */
    public static final class Builder {
        private Model model;
        private RandomAccessDataset train;
        private RandomAccessDataset validation;
        private int epochs;
        private int batchSize = 128;
        private int evalBatchSize;
        private Tracker learningRate;
        private boolean learningRateGiven;
        private Float weightDecay;
        private Optimizer optimizer;
        private Loss loss;
        private LossFunction lossFunction;
        private BatchTransform augmentation;
        private BatchTransform postNormalization;
        private BatchTransform evalTransform;
        private boolean channelsLast;
        private BatchMixer mixer;
        private float[] mean = {0.5f};
        private float[] std = {0.5f};
        private EpochSampler sampler;
        private int accumulation = 1;
        private final List<TrainingHook> hooks = new ArrayList<>();
        private Path checkpointDir;
        private boolean resume;
        private int stopAfterEpoch = -1;
        private long seed = 42;
        private PrintStream progressOut = System.out;
        private String name;

        /** Sets the DJL model whose block is trained; the loop never closes it. */
        public Builder setModel(Model model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the training data: an {@link ImageTensorDataset}, sliced as it is, or any DJL
         * {@link RandomAccessDataset} of H x W x C images with integer labels (DJL's {@code FashionMnist},
         * {@code Cifar10} without transforms, an {@code ArrayDataset}), copied into one when training starts
         * ({@link Datasets#copyHwcDataset}; classes from an {@code ImageClassificationDataset}, else "0" to the largest
         * label).
         */
        public Builder setTrainData(RandomAccessDataset train) {
            this.train = train;
            return this;
        }

        /** Sets the number of epochs. */
        public Builder setEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets data to validate on after every epoch, as {@link #setTrainData} takes it (a plain DJL dataset is copied
         * with the training data's classes).
         */
        public Builder optValidationData(RandomAccessDataset validation) {
            this.validation = validation;
            return this;
        }

        /**
         * Sets the batch size (default 128; a last partial batch of one example is dropped); at least 2 and at most
         * the number of training examples.
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Sets the evaluation batch size (default max(batch size, 256)). */
        public Builder optEvalBatchSize(int evalBatchSize) {
            this.evalBatchSize = evalBatchSize;
            return this;
        }

        /**
         * Sets the learning-rate schedule, indexed by optimizer step, of the default optimizer (default fixed 0.1). A
         * fixed rate must be &gt; 0; the default optimizer refuses a schedule's rate below 0 or not finite at the step
         * it appears (0 at a step, as in warmup from 0, is fine). With {@link #optOptimizer} the optimizer's own
         * tracker sets the rate, and a tracker here other than that very one is refused.
         */
        public Builder optLearningRate(Tracker learningRate) {
            this.learningRate = learningRate;
            this.learningRateGiven = true;
            return this;
        }

        /**
         * Sets the weight decay of the default optimizer (default 1e-4, torchvision's); refused with
         * {@link #optOptimizer}, whose own decay applies.
         */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the optimizer (default: the toolkit's {@link Sgd}, torch semantics, momentum 0.9, with the learning
         * rate and weight decay). A {@link org.sota4j.optimizers.StatefulOptimizer} is saved in checkpoints, so a
         * resumed run continues exactly, and the history's {@code lr} is what its tracker gives each epoch's last
         * step; DJL's own optimizers keep their momentum only in memory, and their rate cannot be read: the
         * history's {@code lr} is NaN for them.
         */
        public Builder optOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** Sets the loss of targets (N x K probabilities) and logits (default soft-target cross-entropy). */
        public Builder optLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /**
         * Sets a loss that also sees the input batch (knowledge distillation); validation still uses
         * {@link #optLoss}.
         */
        public Builder optLossFunction(LossFunction lossFunction) {
            this.lossFunction = lossFunction;
            return this;
        }

        /** Sets the training augmentation, applied on the 0..255 scale before normalization. */
        public Builder optAugmentation(BatchTransform augmentation) {
            this.augmentation = augmentation;
            return this;
        }

        /**
         * Feeds the model its batches laid out channels-last in memory ({@link TrainingLoop#channelsLast}), in
         * training and evaluation: the same model and values, faster convolutions on the CPU; results equal the
         * default layout's up to float rounding, which training amplifies into another model of the same
         * distribution (as another thread count does). Default false, so that runs repeat those made before it.
         */
        public Builder optChannelsLast(boolean channelsLast) {
            this.channelsLast = channelsLast;
            return this;
        }

        /** Sets a transform applied after normalization (random erasing). */
        public Builder optPostNormalization(BatchTransform postNormalization) {
            this.postNormalization = postNormalization;
            return this;
        }

        /** Sets the evaluation transform (resize and center crop), applied on the 0..255 scale. */
        public Builder optEvalTransform(BatchTransform evalTransform) {
            this.evalTransform = evalTransform;
            return this;
        }

        /** Sets the batch mixer (mixup, CutMix), applied to normalized images and one-hot targets. */
        public Builder optMixer(BatchMixer mixer) {
            this.mixer = mixer;
            return this;
        }

        /** Sets the per-channel mean and standard deviation of the [0, 1]-scaled pixels (default 0.5, 0.5). */
        public Builder optNormalization(float[] mean, float[] std) {
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** Sets the order of examples per epoch (default: a fresh shuffle each epoch). */
        public Builder optSampler(EpochSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /** Accumulates gradients over {@code k} batches per optimizer step, each loss scaled by 1/k. */
        public Builder optGradientAccumulation(int k) {
            this.accumulation = k;
            return this;
        }

        /** Adds a hook (clipping, EMA, early stopping, ...); hooks run in the order added. */
        public Builder addHook(TrainingHook hook) {
            this.hooks.add(hook);
            return this;
        }

        /**
         * Saves a checkpoint into {@code dir} after every epoch (the previous one is kept until the new one is
         * complete).
         */
        public Builder optCheckpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        /** Resumes from the checkpoint in the checkpoint folder, if there is one. */
        public Builder optResume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Stops after this epoch even if more are configured, as if the run were interrupted (for tests and demos). */
        public Builder optStopAfterEpoch(int epoch) {
            this.stopAfterEpoch = epoch;
            return this;
        }

        /** Sets the seed of every random choice (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets where progress goes ({@code null} for silence; default standard output). */
        public Builder optProgress(PrintStream out) {
            this.progressOut = out;
            return this;
        }

        /** Sets the run's name, used for the history table (default the model's name). */
        public Builder optName(String name) {
            this.name = name;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @throws IllegalArgumentException naming the parameter when a value is missing or out of range
         */
        public TrainingLoop build() {
            if (model == null || model.getBlock() == null) {
                throw new IllegalArgumentException("model must be set (setModel) and have a block, got " + model);
            }
            if (train == null) {
                throw new IllegalArgumentException("trainData must be set (setTrainData), got null");
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batchSize must be >= 2, got " + batchSize);
            }
            if (accumulation < 1) {
                throw new IllegalArgumentException("gradientAccumulation must be >= 1, got " + accumulation);
            }
            int examples = examples(train);
            if (batchSize > examples) {
                throw new IllegalArgumentException("batchSize must be <= the " + examples
                        + " training examples, got " + batchSize + " (every epoch would be one partial batch of "
                        + examples + "; use optBatchSize(" + examples + ") or less, or more training data)");
            }
            if (learningRateGiven && learningRate == null) {
                throw new IllegalArgumentException("learningRate must be set when given, got null");
            }
            if (learningRate != null) {
                StatefulOptimizer.checkFixedRate("learningRate", learningRate);
            }
            if (weightDecay != null && !(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
            }
            if (optimizer != null) {
                checkNotIgnored();
            }
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException("normalization std must be > 0, got " + s);
                }
            }
            if (train instanceof ImageTensorDataset t) { // plain DJL datasets are checked once copied
                checkData(t, validation instanceof ImageTensorDataset v ? v : null, mean, std);
            }
            if (resume && checkpointDir == null) {
                throw new IllegalArgumentException("resume needs a checkpoint folder (optCheckpointDir), got none");
            }
            return new TrainingLoop(this);
        }

        /** Refuses the default optimizer's settings when another optimizer is set, which would ignore them. */
        private void checkNotIgnored() {
            String name = optimizer.getClass().getSimpleName();
            if (weightDecay != null) {
                throw new IllegalArgumentException("weightDecay (optWeightDecay, got " + weightDecay + ") is only used "
                        + "by the default optimizer, and optOptimizer sets " + name + ": give the decay to that "
                        + "optimizer (e.g. Sgd.builder().optWeightDecays(" + weightDecay + ") or optWeightDecayGroups) "
                        + "and drop optWeightDecay");
            }
            if (learningRate != null && !(optimizer instanceof StatefulOptimizer s
                    && s.getLearningRateTracker() == learningRate)) {
                throw new IllegalArgumentException("learningRate (optLearningRate) is only used by the default "
                        + "optimizer, and optOptimizer sets " + name + " with "
                        + (optimizer instanceof StatefulOptimizer ? "another tracker" : "its own rate")
                        + ": set the schedule on that optimizer (setLearningRateTracker) and drop optLearningRate; "
                        + "the history logs the rate of a toolkit optimizer's tracker (NaN for DJL's own)");
            }
        }
    }

    static DataOutputStream output(Path p) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p)));
    }

    static DataInputStream input(Path p) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(p)));
    }

    /**
     * Writes the block's parameters (BatchNorm statistics included) with {@code Block.saveParameters} to a temporary
     * file that then replaces {@code file}, so a reader never sees half; {@link #loadParameters} reads it back.
     */
    public static void saveParameters(Block block, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (DataOutputStream out = output(tmp)) {
                    block.saveParameters(out);
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the weights to " + file.toAbsolutePath(), e);
        }
    }

    /** Loads the parameters {@code Block.saveParameters} wrote to {@code p} into the model's block. */
    public static void loadParameters(Model model, Path p) {
        try (DataInputStream in = input(p)) {
            model.getBlock().loadParameters(model.getNDManager(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint parameters " + p, e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("checkpoint parameters " + p + " do not fit the model: "
                    + e.getMessage(), e);
        }
        // loaded arrays replace the initialized ones and do not carry gradients yet
        for (Pair<String, Parameter> param : model.getBlock().getParameters()) {
            NDArray array = param.getValue().getArray();
            if (param.getValue().requiresGradient() && !array.hasGradient()) {
                array.setRequiresGradient(true);
            }
        }
    }

    /** Returns the loop's hooks, in the order they run (for code that evaluates after training, as an ablation). */
    public List<TrainingHook> hooks() {
        return hooks;
    }
}
