package org.sota4j.training;

import ai.djl.ndarray.NDManager;
import org.sota4j.weights.ModelEma;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * Keeps an exponential moving average of the weights during training ({@link ModelEma}: updated after
 * every optimizer step, every k-th step counted) and, when the loop has validation data, validates with it
 * after each epoch: the history's column {@value #COLUMN}. The average is saved in checkpoints.
 */
public final class EmaHook implements TrainingHook, Checkpointable, AutoCloseable {

    /** The history column of the validation accuracy with the averaged weights. */
    public static final String COLUMN = "ema_val_acc";

    private final Function<TrainingLoop.Context, ModelEma> factory;
    private ModelEma ema;

    /**
     * Creates the hook; the EMA is built when training begins, once the model's weights exist.
     *
     * @param factory builds the EMA for the run (it sees the block, the batch size and the epochs)
     */
    public EmaHook(Function<TrainingLoop.Context, ModelEma> factory) {
        this.factory = factory;
    }

    /**
     * Returns a hook with torchvision's EMA: decay adjusted for the batch size, epochs and update period
     * ({@code --model-ema-decay}, {@code --model-ema-steps}).
     */
    public static EmaHook torchvision(double decay, int updateEvery) {
        return new EmaHook(c -> ModelEma.builder().setBlock(c.getBlock()).optDecay(decay).optUpdateEvery(updateEvery)
                .optAdjustment(c.getBatchSize(), c.getEpochs()).build());
    }

    /** Returns the EMA (after training began). */
    public ModelEma getEma() {
        return ema;
    }

    @Override
    public void onTrainBegin(TrainingLoop.Context context) {
        if (ema == null) {
            ema = factory.apply(context);
        }
    }

    @Override
    public void afterStep(TrainingLoop.Context context) {
        ema.step();
    }

    /** Returns {@value #COLUMN}, the validation accuracy with the averaged weights (none without validation data). */
    @Override
    public Map<String, Double> epochMetrics(TrainingLoop.Context context) {
        return context.hasValidationData() ? Map.of(COLUMN, validateWithEma(() -> context.validate()[1])) : Map.of();
    }

    /** Runs {@code evaluation} with the averaged weights in the model, restoring the live weights after. */
    public double validateWithEma(DoubleSupplier evaluation) {
        try (ModelEma.Swap swap = ema.useEmaWeights()) {
            return evaluation.getAsDouble();
        }
    }

    @Override
    public void saveState(DataOutputStream out) throws IOException {
        ema.saveState(out);
    }

    @Override
    public void loadState(DataInputStream in, NDManager manager) throws IOException {
        ema.loadState(in);
    }

    @Override
    public void close() {
        if (ema != null) {
            ema.close();
        }
    }
}
