package org.sota4j.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import org.sota4j.weights.ModelEma;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A DJL training listener that keeps a {@link ModelEma} (exponential moving average of the weights, Polyak &amp;
 * Juditsky 1992; torchvision's {@code --model-ema}) up to date in {@code EasyTrain.fit}, and evaluates the model on
 * the averaged weights. The same {@link ModelEma#step()} as {@code TrainingLoop}'s {@code EmaHook}, once per
 * optimizer step.
 *
 * <p>Timing: {@code EasyTrain} calls {@code onTrainingBatch} after the backward pass and <em>before</em>
 * {@code trainer.step()}, so the weights there are still the previous step's. The listener therefore counts the step
 * of batch n at the event of batch n + 1 (when the weights are those after step n), and the last step of an epoch at
 * the first validation batch, at {@code onEpoch} and at {@code onTrainingEnd}, whichever comes first: the average
 * always includes every step taken before it is read. By the event of batch n + 1 the forward pass of that batch
 * has already moved the batch-norm running statistics, so the listener keeps a copy of the parameters without
 * gradient (the running statistics) from the event of batch n and averages those: the EMA then sees exactly what
 * {@code TrainingLoop}'s {@code EmaHook} sees right after step n. It assumes one {@code trainer.step()} per training
 * batch, as {@code EasyTrain.fit}; {@link #useEmaWeights()} and {@link #evaluateAccuracy} count a pending step
 * first.
 *
 * <p>With {@link #optValidation(Dataset)} it also evaluates the EMA weights at the end of every epoch (after the
 * trainer's own validation) and records the accuracies ({@link #getAccuracies()}).
 */
public final class EmaListener extends TrainingListenerAdapter {

    private final ModelEma ema;
    private static final NDIndex ALL = new NDIndex("...");

    private Dataset validation;
    private boolean pending;
    private final Map<String, NDArray> savedStatistics = new LinkedHashMap<>();
    private NDManager statisticsManager;
    private final List<Double> accuracies = new ArrayList<>();

    /**
     * Creates the listener.
     *
     * @param ema the average to keep, built on the trained model's block (it may be built before the weights exist:
     *     the first update copies them)
     */
    public EmaListener(ModelEma ema) {
        this.ema = Objects.requireNonNull(ema, "ema must not be null");
    }

    /** Evaluates the EMA weights on {@code validation} at the end of every epoch; returns this listener. */
    public EmaListener optValidation(Dataset validation) {
        this.validation = Objects.requireNonNull(validation, "validation must not be null");
        return this;
    }

    /** {@inheritDoc} Counts the previous batch's step, now applied. */
    @Override
    public synchronized void onTrainingBatch(Trainer trainer, BatchData batchData) {
        Block block = trainer.getModel().getBlock();
        if (pending) {
            pending = false;
            stepWithSavedStatistics(block);
        }
        saveStatistics(block);
        pending = true;
    }

    /** Copies the parameters without gradient (running statistics) as they are after this batch's forward pass. */
    private void saveStatistics(Block block) {
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter parameter = pair.getValue();
            if (parameter.requiresGradient() || !parameter.isInitialized()) {
                continue;
            }
            NDArray value = parameter.getArray();
            NDArray saved = savedStatistics.get(pair.getKey());
            if (saved == null) {
                if (statisticsManager == null) {
                    statisticsManager = value.getManager().newSubManager();
                }
                saved = value.duplicate();
                saved.attach(statisticsManager);
                savedStatistics.put(pair.getKey(), saved);
            } else {
                saved.set(ALL, value);
            }
        }
    }

    /** Runs {@link ModelEma#step()} with the saved running statistics in the model, then puts the current back. */
    private void stepWithSavedStatistics(Block block) {
        if (savedStatistics.isEmpty()) {
            ema.step();
            return;
        }
        List<NDArray> targets = new ArrayList<>();
        try (NDManager scope = statisticsManager.newSubManager()) {
            List<NDArray> current = new ArrayList<>();
            try {
                for (Pair<String, Parameter> pair : block.getParameters()) {
                    NDArray saved = savedStatistics.get(pair.getKey());
                    if (saved != null) {
                        NDArray array = pair.getValue().getArray();
                        NDArray now = array.duplicate();
                        now.attach(scope);
                        current.add(now);
                        targets.add(array);
                        array.set(ALL, saved);
                    }
                }
                ema.step();
            } finally {
                for (int i = 0; i < current.size(); i++) {
                    targets.get(i).set(ALL, current.get(i));
                }
            }
        }
    }

    /** {@inheritDoc} Counts the epoch's last step before validation reads anything. */
    @Override
    public void onValidationBatch(Trainer trainer, BatchData batchData) {
        catchUp();
    }

    /** {@inheritDoc} Counts a pending step, then evaluates the EMA weights when a validation dataset is set. */
    @Override
    public void onEpoch(Trainer trainer) {
        catchUp();
        if (validation != null) {
            accuracies.add(evaluateAccuracy(trainer, validation));
        }
    }

    /** {@inheritDoc} Counts a pending step and frees the saved running statistics. */
    @Override
    public synchronized void onTrainingEnd(Trainer trainer) {
        catchUp();
        savedStatistics.clear();
        if (statisticsManager != null) {
            statisticsManager.close();
            statisticsManager = null;
        }
    }

    private synchronized void catchUp() {
        if (pending) {
            pending = false;
            ema.step();
        }
    }

    /**
     * Puts the EMA weights into the model until the returned handle is closed: {@code try (var s =
     * listener.useEmaWeights()) { ... }}. See {@link ModelEma#useEmaWeights()}.
     */
    public ModelEma.Swap useEmaWeights() {
        catchUp();
        return ema.useEmaWeights();
    }

    /**
     * Returns the top-1 accuracy of the model with the EMA weights on {@code data} (labels: class indices or
     * probabilities), in inference mode, without notifying listeners or touching the trainer's evaluators; the
     * training weights are back in the model afterwards.
     */
    public double evaluateAccuracy(Trainer trainer, Dataset data) {
        try (ModelEma.Swap swap = useEmaWeights()) {
            return accuracy(trainer, data);
        }
    }

    /** Returns the top-1 accuracy of the model as it is now on {@code data}, in inference mode. */
    public static double accuracy(Trainer trainer, Dataset data) {
        long correct = 0;
        long seen = 0;
        try {
            for (Batch batch : trainer.iterateDataset(data)) {
                try (batch) {
                    NDArray logits = trainer.evaluate(batch.getData()).head();
                    NDArray label = batch.getLabels().head();
                    long n = logits.getShape().get(0);
                    NDArray truth = label.getShape().dimension() == 2 && label.getShape().get(1) > 1
                            ? label.argMax(1) : label.reshape(n).toType(DataType.INT64, false);
                    NDArray hits = logits.argMax(1).eq(truth).countNonzero();
                    correct += hits.getLong();
                    seen += n;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the evaluation data", e);
        } catch (TranslateException e) {
            throw new IllegalStateException("cannot batch the evaluation data: " + e.getMessage(), e);
        }
        if (seen == 0) {
            throw new IllegalArgumentException("data must hold at least one batch, got none");
        }
        return (double) correct / seen;
    }

    /** Returns the EMA. */
    public ModelEma getEma() {
        return ema;
    }

    /** Returns the EMA accuracy of every epoch so far (empty without {@link #optValidation(Dataset)}). */
    public List<Double> getAccuracies() {
        return Collections.unmodifiableList(accuracies);
    }

    /** Returns the EMA accuracy of the last epoch (NaN before the first or without a validation dataset). */
    public double getLastAccuracy() {
        return accuracies.isEmpty() ? Double.NaN : accuracies.get(accuracies.size() - 1);
    }
}
