package org.sota4j.djl;

import ai.djl.training.dataset.Batch;

import java.util.Iterator;
import java.util.function.UnaryOperator;

/** The batches of an iterable, each replaced by a function of it as it is read (for the dataset decorators). */
final class MappedBatches implements Iterable<Batch> {

    private final Iterable<Batch> batches;
    private final UnaryOperator<Batch> function;

    MappedBatches(Iterable<Batch> batches, UnaryOperator<Batch> function) {
        this.batches = batches;
        this.function = function;
    }

    @Override
    public Iterator<Batch> iterator() {
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
                    return function.apply(batch);
                } catch (RuntimeException e) {
                    batch.close();
                    throw e;
                }
            }
        };
    }
}
