package org.sota4j.optimizers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Base of the torch-semantics optimizers {@link Sgd} and {@link AdamW}: a DJL {@link Optimizer} (so it plugs into
 * {@code DefaultTrainingConfig.optOptimizer} and {@code Trainer.step()}) with per-parameter-group weight decay
 * ({@link WeightDecayGroups}), per-parameter learning-rate multipliers (e.g. a lower backbone rate for transfer
 * learning) and checkpointable per-parameter state.
 *
 * <p>Learning rate: the tracker is asked for {@code getNewValue(parameterId, k)} where {@code k} is the number of
 * this step, counted from 1, the convention of DJL's own optimizers that the toolkit's schedules
 * ({@link org.sota4j.schedules.Schedule}) follow: step {@code k} gets torch's rate after {@code k - 1} scheduler
 * steps. {@code k} is the largest per-parameter step count, so a parameter unfrozen late gets the
 * current rate. A rate below 0, NaN or infinite is refused at the step it appears, and a fixed rate
 * ({@code Tracker.fixed}) of 0 or less already when the optimizer is built. DJL's builder options
 * {@code setRescaleGrad} and {@code optClipGrad} keep their DJL meaning (the
 * gradient is multiplied by rescaleGrad, then clipped to [-clipGrad, clipGrad] when clipGrad &gt; 0) and are applied
 * before the update; {@code optWeightDecays} sets a uniform decay used when no {@link WeightDecayGroups} is given.
 *
 * <p>The gradient passed to {@link #update} is not modified; after the update the weight's own gradient is set to
 * zero, as DJL's optimizers on PyTorch do ({@code Trainer.step()} hands optimizers a copy of it), so that the next
 * backward pass starts from zero: without it every step of {@code EasyTrain.fit} would apply the sum of all gradients
 * so far. Gradient accumulation is a matter of calling {@code Trainer.step()} once per group of micro-batches. State
 * arrays live in a sub-manager of the first updated weight's manager and are released by {@link #close()} (or with
 * the model's manager).
 */
public abstract class StatefulOptimizer extends Optimizer implements AutoCloseable {

    private static final String MAGIC = "sota4j-optimizer-state";
    private static final int VERSION = 1;
    private static final NDIndex ALL = new NDIndex("...");

    private final ParameterTracker learningRateTracker;
    private final WeightDecayGroups weightDecayGroups;
    private final Map<String, Float> learningRateMultipliers;
    private final Map<String, Map<Device, State>> states = new ConcurrentHashMap<>();
    private volatile int numSteps;
    private NDManager stateManager;

    /** Per-parameter, per-device optimizer state: the step count and the algorithm's buffers. */
    protected static final class State {
        /** Number of updates applied to this parameter. */
        protected int step;
        /** The algorithm's buffers (momentum, moments); entries may be {@code null} until first use. */
        protected final NDArray[] buffers;

        State(int numBuffers) {
            buffers = new NDArray[numBuffers];
        }
    }

    /** Creates the optimizer from its builder. */
    protected StatefulOptimizer(Builder<?> builder) {
        super(builder);
        this.learningRateTracker =
                Objects.requireNonNull(builder.learningRateTracker, "learningRateTracker must be set");
        this.weightDecayGroups = builder.weightDecayGroups;
        this.learningRateMultipliers = Map.copyOf(builder.learningRateMultipliers);
        if (weightDecayGroups != null && getWeightDecay() != 0) {
            throw new IllegalArgumentException(
                    "weightDecays must be 0 when weightDecayGroups is set, got " + getWeightDecay());
        }
        if (!(getWeightDecay() >= 0) || Float.isInfinite(getWeightDecay())) {
            throw new IllegalArgumentException("weightDecays must be finite and >= 0, got " + getWeightDecay());
        }
        if (!(rescaleGrad > 0) || Float.isInfinite(rescaleGrad)) {
            throw new IllegalArgumentException("rescaleGrad must be finite and > 0, got " + rescaleGrad);
        }
    }

    /** Number of buffers per parameter the algorithm keeps. */
    protected abstract int numBuffers();

    /**
     * Applies one update in place to {@code weight}.
     *
     * @param state this parameter's state; {@code state.step} already counts this update
     * @param weight the weight to update in place
     * @param grad the (rescaled, clipped) gradient; must not be modified
     * @param lr the learning rate of this parameter for this step
     * @param weightDecay the weight decay of this parameter
     * @param scope manager for temporaries; attach every new temporary array to it
     */
    protected abstract void apply(
            State state, NDArray weight, NDArray grad, float lr, float weightDecay, NDManager scope);

    /** {@inheritDoc} */
    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        State state = stateOf(parameterId, weight);
        state.step++;
        int k;
        synchronized (this) {
            numSteps = Math.max(numSteps, state.step);
            k = numSteps;
        }
        float scheduled = learningRateTracker.getNewValue(parameterId, k);
        if (!(scheduled >= 0) || Float.isInfinite(scheduled)) {
            throw new IllegalArgumentException(
                    "learning rate must be a finite number >= 0, got " + scheduled + " at step " + k);
        }
        float lr = scheduled * learningRateMultipliers.getOrDefault(parameterId, 1f);
        float decay = weightDecayGroups != null ? weightDecayGroups.decayOf(parameterId) : getWeightDecay();
        try (NDManager scope = weight.getManager().newSubManager()) {
            NDArray g = grad;
            if (rescaleGrad != 1f) {
                g = attach(g.mul(rescaleGrad), scope);
            }
            if (clipGrad > 0) {
                g = attach(g.clip(-clipGrad, clipGrad), scope);
            }
            apply(state, weight, g, lr, decay, scope);
        }
        zeroGradient(weight);
    }

    /**
     * Sets the gradient of {@code weight} to zero in place (to exactly zero, also where it held NaN or infinity).
     * Does nothing for an array without a gradient.
     */
    public static void zeroGradient(NDArray weight) {
        if (weight.hasGradient()) {
            try (NDManager scope = weight.getManager().newSubManager()) {
                NDArray grad = weight.getGradient(); // a handle on the gradient: closing it keeps the gradient
                grad.attach(scope);
                grad.set(ALL, 0f);
            }
        }
    }

    /** Attaches {@code array} to {@code scope} and returns it. */
    protected static NDArray attach(NDArray array, NDManager scope) {
        array.attach(scope);
        return array;
    }

    /** Puts a copy of {@code value} in the state manager, for a buffer created from a temporary. */
    protected NDArray keep(NDArray value) {
        NDArray copy = value.duplicate();
        copy.attach(stateManager);
        return copy;
    }

    /** Returns zeros shaped like {@code weight} in the state manager. */
    protected NDArray zerosLike(NDArray weight) {
        NDArray zeros = weight.zerosLike();
        zeros.attach(stateManager);
        return zeros;
    }

    /** Returns the number of optimizer steps taken so far (the largest per-parameter update count). */
    public int getNumSteps() {
        return numSteps;
    }

    /** Returns how often the parameter with this id was updated (0 if never). */
    public int getStep(String parameterId) {
        Map<Device, State> perDevice = states.get(parameterId);
        return perDevice == null || perDevice.isEmpty() ? 0 : perDevice.values().iterator().next().step;
    }

    /** Returns the learning-rate tracker. */
    public ParameterTracker getLearningRateTracker() {
        return learningRateTracker;
    }

    private synchronized State stateOf(String parameterId, NDArray weight) {
        if (stateManager == null) {
            stateManager = weight.getManager().newSubManager();
        }
        Map<Device, State> perDevice = states.computeIfAbsent(parameterId, k -> new ConcurrentHashMap<>());
        Device device = weight.getDevice();
        State state = perDevice.get(device);
        if (state == null) {
            state = new State(numBuffers());
            if (!perDevice.isEmpty()) { // another device already has state: mirror it
                State other = perDevice.values().iterator().next();
                state.step = other.step;
                for (int i = 0; i < other.buffers.length; i++) {
                    if (other.buffers[i] != null) {
                        state.buffers[i] = other.buffers[i].toDevice(device, true);
                        state.buffers[i].attach(stateManager);
                    }
                }
            }
            perDevice.put(device, state);
        }
        return state;
    }

    /**
     * Writes the optimizer state (step counts and buffers) to {@code out}, keyed by each parameter's path name in
     * {@code block} (e.g. {@code 01Conv2d_weight}) because DJL parameter ids are per-process UIDs. Save it next to the
     * model's parameters for a resumable checkpoint; restore with {@link #loadState} on an identically built block.
     */
    public synchronized void saveState(DataOutputStream out, Block block) throws IOException {
        Map<String, State> byName = new HashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Map<Device, State> perDevice = states.get(pair.getValue().getId());
            if (perDevice != null && !perDevice.isEmpty()) {
                byName.put(pair.getKey(), perDevice.values().iterator().next());
            }
        }
        out.writeUTF(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(getClass().getName());
        out.writeInt(numSteps);
        out.writeInt(byName.size());
        for (Map.Entry<String, State> entry : byName.entrySet()) {
            State state = entry.getValue();
            out.writeUTF(entry.getKey());
            out.writeInt(state.step);
            out.writeInt(state.buffers.length);
            for (NDArray buffer : state.buffers) {
                out.writeBoolean(buffer != null);
                if (buffer != null) {
                    byte[] bytes = buffer.encode();
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
        }
        out.flush();
    }

    /**
     * Replaces the optimizer state with one written by {@link #saveState} for a block of the same architecture.
     * The block must be initialized (its parameter arrays give the device and the memory owner of the state).
     *
     * @throws IOException if the stream is not such a state or names a parameter the block lacks
     */
    public synchronized void loadState(DataInputStream in, Block block) throws IOException {
        if (!MAGIC.equals(in.readUTF())) {
            throw new IOException("not a sota4j optimizer state");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unsupported optimizer state version " + version + ", expected " + VERSION);
        }
        String kind = in.readUTF();
        if (!kind.equals(getClass().getName())) {
            throw new IOException("state was saved by " + kind + ", cannot load into " + getClass().getName());
        }
        Map<String, Parameter> byName = block.getParameters().toMap();
        int steps = in.readInt();
        int count = in.readInt();
        Map<String, Map<Device, State>> loaded = new HashMap<>();
        NDManager manager = null;
        try {
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                Parameter parameter = byName.get(name);
                if (parameter == null || !parameter.isInitialized()) {
                    throw new IOException(
                            "state names parameter " + name + " which the block lacks or has not initialized");
                }
                NDArray weight = parameter.getArray();
                if (manager == null) {
                    manager = stateManager != null ? stateManager : weight.getManager().newSubManager();
                }
                State state = new State(numBuffers());
                state.step = in.readInt();
                int numBuffers = in.readInt();
                if (numBuffers != state.buffers.length) {
                    throw new IOException("parameter " + name + " has " + numBuffers + " buffers, expected "
                            + state.buffers.length);
                }
                for (int b = 0; b < numBuffers; b++) {
                    if (in.readBoolean()) {
                        byte[] bytes = new byte[in.readInt()];
                        in.readFully(bytes);
                        NDArray buffer = manager.decode(bytes).toDevice(weight.getDevice(), false);
                        buffer.attach(manager);
                        if (!buffer.getShape().equals(weight.getShape())) {
                            throw new IOException("buffer of " + name + " has shape " + buffer.getShape()
                                    + ", expected " + weight.getShape());
                        }
                        state.buffers[b] = buffer;
                    }
                }
                Map<Device, State> perDevice = new ConcurrentHashMap<>();
                perDevice.put(weight.getDevice(), state);
                loaded.put(parameter.getId(), perDevice);
            }
        } catch (IOException | RuntimeException e) {
            for (Map<Device, State> perDevice : loaded.values()) {
                for (State state : perDevice.values()) {
                    for (NDArray buffer : state.buffers) {
                        if (buffer != null) {
                            buffer.close();
                        }
                    }
                }
            }
            if (manager != null && manager != stateManager) {
                manager.close();
            }
            throw e;
        }
        if (stateManager == null) {
            stateManager = manager;
        } else {
            for (Map<Device, State> perDevice : states.values()) {
                for (State state : perDevice.values()) {
                    for (NDArray buffer : state.buffers) {
                        if (buffer != null) {
                            buffer.close();
                        }
                    }
                }
            }
        }
        states.clear();
        states.putAll(loaded);
        numSteps = steps;
    }

    /** Releases the state arrays; the optimizer starts afresh if used again. */
    @Override
    public synchronized void close() {
        states.clear();
        numSteps = 0;
        if (stateManager != null) {
            stateManager.close();
            stateManager = null;
        }
    }

    /** Builder options shared by {@link Sgd} and {@link AdamW}. */
    @SuppressWarnings("rawtypes")
    public abstract static class Builder<T extends Builder> extends OptimizerBuilder<T> {
        private ParameterTracker learningRateTracker;
        private WeightDecayGroups weightDecayGroups;
        private Map<String, Float> learningRateMultipliers = Map.of();

        /**
         * Sets the learning-rate schedule (required); queried with the 0-based step index. A fixed rate must be a
         * finite number &gt; 0; a schedule's rate must be finite and &gt;= 0 at every step (checked as it is used).
         */
        public T setLearningRateTracker(ParameterTracker learningRateTracker) {
            this.learningRateTracker = learningRateTracker;
            return self();
        }

        /** Sets per-group weight decay (instead of the uniform {@code optWeightDecays}). */
        public T optWeightDecayGroups(WeightDecayGroups weightDecayGroups) {
            this.weightDecayGroups = weightDecayGroups;
            return self();
        }

        /**
         * Sets learning-rate multipliers keyed by parameter id (parameters not in the map use 1), e.g. from
         * {@code org.sota4j.weights.Transfer#backboneLearningRateMultipliers} for a lower backbone rate.
         */
        public T optLearningRateMultipliers(Map<String, Float> multipliersById) {
            for (Map.Entry<String, Float> entry : multipliersById.entrySet()) {
                Float value = entry.getValue();
                if (value == null || !(value >= 0) || value.isInfinite()) {
                    throw new IllegalArgumentException("learning-rate multiplier of parameter " + entry.getKey()
                            + " must be finite and >= 0, got " + value);
                }
            }
            this.learningRateMultipliers = Map.copyOf(multipliersById);
            return self();
        }

        /** Checks that the learning-rate tracker was set and, when it is a fixed rate, that the rate is > 0. */
        protected void validate() {
            if (learningRateTracker == null) {
                throw new IllegalArgumentException("learningRateTracker must be set, got null");
            }
            checkFixedRate("learningRateTracker", learningRateTracker);
        }
    }

    private static final Class<?> FIXED_TRACKER = Tracker.fixed(1f).getClass();

    /**
     * Refuses a constant learning rate ({@code Tracker.fixed}) that is not a finite number &gt; 0: such a rate
     * trains backwards or not at all at every step. A schedule may still reach exactly 0 at some steps (warmup from
     * 0, cosine annealing to 0); {@link #update} refuses a negative or non-finite rate at the step it appears.
     *
     * @param name the parameter's name, for the message
     * @param tracker the learning-rate tracker
     * @throws IllegalArgumentException naming {@code name} and the rate
     */
    public static void checkFixedRate(String name, ParameterTracker tracker) {
        if (tracker != null && tracker.getClass() == FIXED_TRACKER) {
            float rate = ((Tracker) tracker).getNewValue(1);
            if (!(rate > 0) || Float.isInfinite(rate)) {
                throw new IllegalArgumentException(name + " is a fixed rate, which must be a finite number > 0, got "
                        + rate);
            }
        }
    }
}
