package org.sota4j.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import ai.djl.util.Progress;

import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;

/**
 * A test decorator that, whenever {@code EasyTrain.fit} asks for the next batch (the previous batch's
 * {@code trainer.step()} done) or finds the epoch over, records the largest absolute gradient entry of the model.
 */
final class GradientCheckingDataset implements Dataset {

    private final Dataset dataset;
    private final Model model;
    private double largest;
    private int checks;

    GradientCheckingDataset(Dataset dataset, Model model) {
        this.dataset = dataset;
        this.model = model;
    }

    /** Returns the largest absolute gradient entry seen after a step. */
    double largest() {
        return largest;
    }

    /** Returns how many times it looked. */
    int checks() {
        return checks;
    }

    void check() {
        checks++;
        for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
            NDArray array = p.getValue().getArray();
            if (p.getValue().isInitialized() && array.hasGradient()) {
                try (NDManager scope = array.getManager().newSubManager()) {
                    NDArray grad = array.getGradient();
                    grad.attach(scope);
                    largest = Math.max(largest, grad.abs().max().getFloat());
                }
            }
        }
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
        return wrap(dataset.getData(manager));
    }

    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executor) throws IOException, TranslateException {
        return wrap(dataset.getData(manager, executor));
    }

    private Iterable<Batch> wrap(Iterable<Batch> batches) {
        return () -> {
            Iterator<Batch> inner = batches.iterator();
            return new Iterator<>() {
                private boolean first = true;

                @Override
                public boolean hasNext() {
                    boolean more = inner.hasNext();
                    if (!more) {
                        check();
                    }
                    return more;
                }

                @Override
                public Batch next() {
                    if (!first) {
                        check();
                    }
                    first = false;
                    return inner.next();
                }
            };
        };
    }

    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        dataset.prepare(progress);
    }
}
