package org.sota4j.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exponential moving average of a model's weights and BatchNorm running statistics (Polyak &amp; Juditsky 1992,
 * "Acceleration of stochastic approximation by averaging"), as torchvision's {@code ExponentialMovingAverage}
 * (classification references, {@code --model-ema}) and timm's {@code ModelEmaV2/V3}. Evaluating with the averaged
 * weights usually adds a few tenths of a percent of top-1 at no training cost.
 *
 * <p>Every {@code updateEvery}-th call of {@link #step()} performs {@code ema = d * ema + (1 - d) * weight} for every
 * initialized parameter of the block (running mean/variance included). As torchvision's {@code AveragedModel}, the
 * first update (and the first after {@link #reset()}) copies the weights. Defaults are torchvision's: decay 0.99998,
 * every 32 steps, with {@link Builder#optAdjustment(int, int)} turning the decay into
 * {@code 1 - min(1, (1 - decay) * globalBatchSize * updateEvery / epochs)}. The optional warmup is timm
 * {@code ModelEmaV3}'s: for the n-th update, {@code d = min(d, 1 - (1 + (n - 1) / gamma)^-power)}.
 *
 * <p>Single-device: it averages {@code parameter.getArray()}, the arrays a single-device trainer updates.
 */
public final class ModelEma implements AutoCloseable {

    private static final String MAGIC = "sota4j-model-ema";
    private static final int VERSION = 1;
    private static final NDIndex ALL = new NDIndex("...");

    private final Block block;
    private final double decay;
    private final int updateEvery;
    private final boolean warmup;
    private final double warmupGamma;
    private final double warmupPower;
    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private NDManager manager;
    private int calls;
    private int numUpdates;
    private boolean copyNext = true;
    private boolean swapped;

    private ModelEma(Builder builder) {
        this.block = builder.block;
        this.updateEvery = builder.updateEvery;
        this.decay = builder.adjusted
                ? 1 - Math.min(1.0, (1.0 - builder.decay) * builder.globalBatchSize * builder.updateEvery
                        / builder.epochs)
                : builder.decay;
        this.warmup = builder.warmup;
        this.warmupGamma = builder.warmupGamma;
        this.warmupPower = builder.warmupPower;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Call once after every optimizer step; performs an update on every {@code updateEvery}-th call. */
    public void step() {
        calls++;
        if (calls % updateEvery == 0) {
            update();
        }
    }

    /** Performs one EMA update now, whatever the step count. */
    public synchronized void update() {
        if (swapped) {
            throw new IllegalStateException("cannot update while the EMA weights are swapped into the model");
        }
        double d = copyNext ? 0 : decayAt(numUpdates + 1);
        NDManager scalars = null; // d and 1 - d as arrays, made once per update rather than once per parameter
        NDArray decayArray = null;
        NDArray keepArray = null;
        try {
            for (Pair<String, Parameter> pair : block.getParameters()) {
                Parameter parameter = pair.getValue();
                if (!parameter.isInitialized()) {
                    continue;
                }
                NDArray weight = parameter.getArray();
                NDArray average = averages.get(pair.getKey());
                if (average == null) {
                    if (manager == null) {
                        manager = weight.getManager().newSubManager();
                    }
                    average = weight.duplicate();
                    average.attach(manager);
                    average.setRequiresGradient(false);
                    averages.put(pair.getKey(), average);
                } else if (d == 0) {
                    average.set(ALL, weight);
                } else {
                    if (scalars == null) {
                        scalars = manager.newSubManager();
                        decayArray = scalars.create((float) d);
                        keepArray = scalars.create((float) (1 - d)); // 1 - d in double: d is near 1
                    }
                    try (NDArray scaled = weight.mul(keepArray)) {
                        average.muli(decayArray).addi(scaled);
                    }
                }
            }
        } finally {
            if (scalars != null) {
                scalars.close();
            }
        }
        copyNext = false;
        numUpdates++;
    }

    /**
     * Returns the decay used for the n-th update (1-based) if it is not a copy: the (adjusted) decay, capped by the
     * warmup when enabled. The first update after construction or {@link #reset()} copies regardless.
     */
    public double decayAt(int update) {
        if (update < 1) {
            throw new IllegalArgumentException("update must be >= 1, got " + update);
        }
        if (!warmup) {
            return decay;
        }
        double warm = 1 - Math.pow(1 + (update - 1) / warmupGamma, -warmupPower);
        return Math.min(decay, warm);
    }

    /** Makes the next update copy the weights (torchvision resets its EMA like this during LR warmup epochs). */
    public synchronized void reset() {
        copyNext = true;
    }

    /** Returns the number of updates performed. */
    public int numUpdates() {
        return numUpdates;
    }

    /** Returns the decay per update after the torchvision adjustment (before warmup). */
    public double getDecay() {
        return decay;
    }

    /** Returns the averaged array of the parameter with this path name (e.g. {@code 02BatchNorm_runningMean}). */
    public synchronized NDArray getAverage(String parameterName) {
        NDArray average = averages.get(parameterName);
        if (average == null) {
            throw new IllegalArgumentException("parameterName must name an averaged parameter, got " + parameterName
                    + " (averaged: " + averages.keySet() + ")");
        }
        return average;
    }

    /**
     * Copies the EMA weights into the model's parameter arrays (in place, so trainers and predictors see them) until
     * the returned handle is closed, which restores the training weights exactly: {@code try (var s =
     * ema.useEmaWeights()) { evaluate }}.
     */
    public synchronized Swap useEmaWeights() {
        if (numUpdates == 0) {
            throw new IllegalStateException("no EMA update yet: call step() after optimizer steps first");
        }
        if (swapped) {
            throw new IllegalStateException("EMA weights are already swapped in");
        }
        List<NDArray> targets = new ArrayList<>();
        List<NDArray> backups = new ArrayList<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            NDArray average = averages.get(pair.getKey());
            if (average == null || !pair.getValue().isInitialized()) {
                continue;
            }
            NDArray weight = pair.getValue().getArray();
            NDArray backup = weight.duplicate();
            backup.attach(manager);
            weight.set(ALL, average);
            targets.add(weight);
            backups.add(backup);
        }
        swapped = true;
        return new Swap(targets, backups);
    }

    /** Restores the training weights when closed; see {@link #useEmaWeights()}. */
    public final class Swap implements AutoCloseable {
        private final List<NDArray> targets;
        private final List<NDArray> backups;
        private boolean closed;

        private Swap(List<NDArray> targets, List<NDArray> backups) {
            this.targets = targets;
            this.backups = backups;
        }

        /** Restores the training weights. */
        @Override
        public void close() {
            synchronized (ModelEma.this) {
                if (closed) {
                    return;
                }
                for (int i = 0; i < targets.size(); i++) {
                    targets.get(i).set(ALL, backups.get(i));
                    backups.get(i).close();
                }
                closed = true;
                swapped = false;
            }
        }
    }

    /** Writes the averages, the update and call counts to {@code out}, keyed by parameter path name. */
    public synchronized void saveState(DataOutputStream out) throws IOException {
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(calls);
        out.writeInt(numUpdates);
        out.writeBoolean(copyNext);
        out.writeInt(averages.size());
        for (Map.Entry<String, NDArray> entry : averages.entrySet()) {
            out.writeUTF(entry.getKey());
            byte[] bytes = entry.getValue().encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.flush();
    }

    /**
     * Replaces the EMA state with one written by {@link #saveState} for a block of the same architecture. The
     * block must be initialized.
     *
     * @throws IOException if the stream is not an EMA state or does not fit the block
     */
    public synchronized void loadState(DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not a sota4j model EMA state");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported EMA state version " + version + ", expected " + VERSION);
        }
        Map<String, Parameter> parameters = block.getParameters().toMap();
        int newCalls = in.readInt();
        int newUpdates = in.readInt();
        boolean newCopyNext = in.readBoolean();
        int count = in.readInt();
        Map<String, NDArray> loaded = new LinkedHashMap<>();
        NDManager target = manager;
        try {
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                Parameter parameter = parameters.get(name);
                if (parameter == null || !parameter.isInitialized()) {
                    throw new IOException("EMA state names parameter " + name
                            + " which the block lacks or has not initialized");
                }
                NDArray weight = parameter.getArray();
                if (target == null) {
                    target = weight.getManager().newSubManager();
                }
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                NDArray average = target.decode(bytes).toDevice(weight.getDevice(), false);
                average.attach(target);
                loaded.put(name, average);
                if (!average.getShape().equals(weight.getShape())) {
                    throw new IOException("EMA of " + name + " has shape " + average.getShape() + ", expected "
                            + weight.getShape());
                }
            }
        } catch (IOException | RuntimeException e) {
            loaded.values().forEach(NDArray::close);
            throw e;
        }
        averages.values().forEach(NDArray::close);
        averages.clear();
        averages.putAll(loaded);
        manager = target;
        calls = newCalls;
        numUpdates = newUpdates;
        copyNext = newCopyNext;
    }

    /** Releases the averaged arrays. */
    @Override
    public synchronized void close() {
        averages.clear();
        if (manager != null) {
            manager.close();
            manager = null;
        }
    }

    /** Builder for {@link ModelEma}; defaults are torchvision's (decay 0.99998, every 32 steps). */
    public static final class Builder {
        private Block block;
        private double decay = 0.99998;
        private int updateEvery = 32;
        private boolean adjusted;
        private int globalBatchSize;
        private int epochs;
        private boolean warmup;
        private double warmupGamma = 1;
        private double warmupPower = 2.0 / 3.0;

        private Builder() {}

        /** Sets the model to average (required). */
        public Builder setBlock(Block block) {
            this.block = block;
            return this;
        }

        /** Sets the decay per update, in [0, 1) (torchvision 0.99998 with adjustment; timm 0.9998 every step). */
        public Builder optDecay(double decay) {
            this.decay = decay;
            return this;
        }

        /** Sets how many {@link ModelEma#step()} calls make one update (torchvision {@code --model-ema-steps}, 32). */
        public Builder optUpdateEvery(int updateEvery) {
            this.updateEvery = updateEvery;
            return this;
        }

        /**
         * Applies torchvision's adjustment {@code alpha = min(1, (1 - decay) * globalBatchSize * updateEvery /
         * epochs)}, {@code decay = 1 - alpha}, which makes the averaging horizon independent of batch size and epochs.
         *
         * @param globalBatchSize batch size per device times the number of devices
         * @param epochs number of training epochs
         */
        public Builder optAdjustment(int globalBatchSize, int epochs) {
            this.adjusted = true;
            this.globalBatchSize = globalBatchSize;
            this.epochs = epochs;
            return this;
        }

        /** Enables timm ModelEmaV3's decay warmup with its defaults (gamma 1, power 2/3). */
        public Builder optWarmup(boolean warmup) {
            this.warmup = warmup;
            return this;
        }

        /**
         * Enables timm ModelEmaV3's decay warmup {@code 1 - (1 + (n - 1) / gamma)^-power} for the n-th update
         * (gamma 1, power 2/3 reach 0.999 after about 31.6k updates; power 3/4 suits shorter runs).
         */
        public Builder optWarmup(double gamma, double power) {
            this.warmup = true;
            this.warmupGamma = gamma;
            this.warmupPower = power;
            return this;
        }

        /** Validates and builds. */
        public ModelEma build() {
            Objects.requireNonNull(block, "block must be set with setBlock");
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("decay must be in [0, 1), got " + decay);
            }
            if (updateEvery < 1) {
                throw new IllegalArgumentException("updateEvery must be >= 1, got " + updateEvery);
            }
            if (adjusted && globalBatchSize < 1) {
                throw new IllegalArgumentException("globalBatchSize must be >= 1, got " + globalBatchSize);
            }
            if (adjusted && epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
            }
            if (!(warmupGamma > 0) || Double.isInfinite(warmupGamma)) {
                throw new IllegalArgumentException("warmupGamma must be finite and > 0, got " + warmupGamma);
            }
            if (!(warmupPower > 0) || Double.isInfinite(warmupPower)) {
                throw new IllegalArgumentException("warmupPower must be finite and > 0, got " + warmupPower);
            }
            return new ModelEma(this);
        }
    }
}
