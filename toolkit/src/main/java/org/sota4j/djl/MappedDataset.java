package org.sota4j.djl;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import ai.djl.util.Progress;

import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;

/**
 * A dataset decorator: the batches of another dataset, each replaced by {@link #map} as it is read (the base of
 * {@link MixingDataset} and {@link TeacherLogitsDataset}). A batch whose mapping throws is closed.
 */
abstract class MappedDataset implements Dataset {

    private final Dataset dataset;

    MappedDataset(Dataset dataset) {
        this.dataset = dataset;
    }

    /** Returns the batch that replaces {@code batch}. */
    abstract Batch map(Batch batch);

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager) throws IOException, TranslateException {
        return mapped(dataset.getData(manager));
    }

    /** {@inheritDoc} */
    @Override
    public Iterable<Batch> getData(NDManager manager, ExecutorService executorService)
            throws IOException, TranslateException {
        return mapped(dataset.getData(manager, executorService));
    }

    /** {@inheritDoc} */
    @Override
    public void prepare(Progress progress) throws IOException, TranslateException {
        dataset.prepare(progress);
    }

    private Iterable<Batch> mapped(Iterable<Batch> batches) {
        return () -> {
            Iterator<Batch> inner = batches.iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return inner.hasNext();
                }

                @Override
                public Batch next() {
                    Batch batch = inner.next();
                    try {
                        return map(batch);
                    } catch (RuntimeException e) {
                        batch.close();
                        throw e;
                    }
                }
            };
        };
    }
}
