package org.sota4j.sampling;

import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Repeated augmentation (Hoffer et al. 2020, arXiv 1901.09335; Berman et al. 2019, arXiv
 * 1902.05509): every index is repeated {@code r} times per epoch so that a batch holds several
 * differently augmented copies of an image; a port of torchvision's {@code RASampler}
 * (references/classification/sampler.py, from DeiT), used by its recipe with
 * {@code --ra-sampler --ra-reps 4}.
 *
 * <p>For dataset size N, replicas (world size) R, this replica's rank and repetitions r, each
 * epoch: shuffle 0..N-1 with seed {@code seed + epoch}; repeat each index r times in place
 * ({@code a a a b b b ...}); pad by wrapping to {@code totalSize = ceil(N r / R) * R}; take
 * every R-th index from {@code rank} ({@code numSamples = ceil(N r / R)} of them); and return the
 * first {@code numSelectedSamples = floor((N // 256) * 256 / R)} of those, torchvision's exact
 * formula, so that an epoch has about as many steps as without repetition. The permutation
 * comes from {@link Random}, not torch's generator, so the order differs from torchvision's but
 * the structure is the same (with {@code optShuffle(false)} the indices match exactly).
 *
 * <p>Small datasets: with torchvision's multiple of 256, N &lt; 256 (or N &lt; 256 R in
 * effect) selects 0 indices, which {@link Builder#build()} rejects rather than train on nothing;
 * choose {@link Builder#optSelectionMultiple(int) optSelectionMultiple(1)} to select
 * {@code floor(N / R)} indices per epoch, or {@link Builder#optKeepAllRepeats(boolean)} to
 * return all {@code numSamples} indices (an epoch r times longer, no repeat cut).
 */
public final class RepeatedAugmentationSampler implements Sampler.SubSampler, EpochSampler {

    /** torchvision's multiple: the selected count is rounded down to a multiple of 256 / R. */
    public static final int TORCHVISION_SELECTION_MULTIPLE = 256;

    private final int datasetSize;
    private final int replicas;
    private final int rank;
    private final int repetitions;
    private final long seed;
    private final boolean shuffle;
    private final int selectionMultiple;
    private final boolean keepAllRepeats;
    private int epoch;

    private RepeatedAugmentationSampler(Builder b) {
        datasetSize = b.datasetSize;
        replicas = b.replicas;
        rank = b.rank;
        repetitions = b.repetitions;
        seed = b.seed;
        shuffle = b.shuffle;
        selectionMultiple = b.selectionMultiple;
        keepAllRepeats = b.keepAllRepeats;
    }

    /** Returns a builder; {@link Builder#setDatasetSize(int)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code ceil(N r / R)}: indices of this rank before the selection cut. */
    public int getNumSamples() {
        return numSamples(datasetSize, replicas, repetitions);
    }

    /** {@code numSamples * R}: the padded length of the repeated list over all ranks. */
    public int getTotalSize() {
        return getNumSamples() * replicas;
    }

    /**
     * {@code floor((N // m) * m / R)} with m the selection multiple (torchvision: 256): the
     * indices returned per epoch, unless all repeats are kept.
     */
    public int getNumSelectedSamples() {
        return numSelected(datasetSize, replicas, selectionMultiple);
    }

    /** The number of indices {@link #epochIndices(int)} returns (torchvision's {@code len}). */
    public int length() {
        return keepAllRepeats ? getNumSamples() : getNumSelectedSamples();
    }

    /** The epoch whose indices the next {@link #sample} call returns. */
    public int getEpoch() {
        return epoch;
    }

    /** Sets the epoch of the next {@link #sample} call (torchvision's {@code set_epoch}). */
    public void setEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
    }

    /**
     * This rank's indices for an epoch: deterministic given seed and epoch, each drawn from
     * 0..N-1.
     */
    public int[] epochIndices(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        int[] order = shuffle ? Permutations.shuffled(datasetSize, new Random(seed + epoch))
                : IntStream.range(0, datasetSize).toArray();
        int repeated = datasetSize * repetitions;
        int totalSize = getTotalSize();
        int[] out = new int[length()];
        // position p of the padded list is position p mod (N r) of the repeated list,
        // which holds order[(p mod (N r)) / r]; this rank takes p = rank, rank + R, ...
        for (int k = 0; k < out.length; k++) {
            int p = rank + k * replicas;
            if (p >= totalSize) {
                throw new IllegalStateException("index " + p + " beyond total size " + totalSize);
            }
            out[k] = order[(p % repeated) / repetitions];
        }
        return out;
    }

    /**
     * The toolkit loop's sampling: the indices of loop epoch {@code epoch} (from 1) are {@link #epochIndices(int)
     * epochIndices(epoch - 1)}, drawn from this sampler's own seed (not {@code random}).
     *
     * @throws IllegalArgumentException if {@code size} is not this sampler's dataset size
     */
    @Override
    public int[] indices(int epoch, int size, Random random) {
        checkSize(size);
        return epochIndices(epoch - 1);
    }

    /**
     * Returns {@link #length()}, the indices of every epoch.
     *
     * @throws IllegalArgumentException if {@code size} is not this sampler's dataset size
     */
    @Override
    public int epochLength(int size) {
        checkSize(size);
        return length();
    }

    private void checkSize(int size) {
        if (size != datasetSize) {
            throw new IllegalArgumentException("size must be the sampler's dataset size " + datasetSize + ", got "
                    + size);
        }
    }

    /**
     * DJL sampling: returns the indices of the current epoch and then advances the epoch, so
     * that each pass of DJL's training loop (one {@code sample} call per epoch) gets a new
     * shuffle; use {@link #setEpoch(int)} to resume. Batch it with {@link #toBatchSampler}.
     *
     * @throws IllegalArgumentException if the dataset's size is not this sampler's N
     */
    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        if (dataset.size() != datasetSize) {
            throw new IllegalArgumentException(
                    "dataset size must equal the sampler's datasetSize " + datasetSize + ", got "
                            + dataset.size());
        }
        int[] indices = epochIndices(epoch);
        epoch++;
        return Arrays.stream(indices).mapToLong(i -> i).iterator();
    }

    /** A DJL {@link Sampler} giving batches of this sampler's indices. */
    public Sampler toBatchSampler(int batchSize, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        return new BatchSampler(this, batchSize, dropLast);
    }

    /** torchvision's {@code num_samples = ceil(N * r / R)}. */
    public static int numSamples(int datasetSize, int replicas, int repetitions) {
        return (int) Math.ceil((double) datasetSize * repetitions / replicas);
    }

    /** {@code floor((N // m) * m / R)}; with m = 256 torchvision's {@code num_selected_samples}. */
    public static int numSelected(int datasetSize, int replicas, int multiple) {
        return (int) Math.floor((double) (datasetSize / multiple * multiple) / replicas);
    }

    @Override
    public String toString() {
        return "RepeatedAugmentationSampler(N=" + datasetSize + ", replicas=" + replicas
                + ", rank=" + rank + ", repetitions=" + repetitions + ", length=" + length() + ")";
    }

    /** Builder of {@link RepeatedAugmentationSampler}; defaults follow torchvision's RASampler. */
    public static final class Builder {
        private int datasetSize = -1;
        private int replicas = 1;
        private int rank;
        private int repetitions = 3;
        private long seed;
        private boolean shuffle = true;
        private int selectionMultiple = TORCHVISION_SELECTION_MULTIPLE;
        private boolean keepAllRepeats;

        private Builder() {}

        /** Sets the dataset size N (required, &gt;= 1). */
        public Builder setDatasetSize(int datasetSize) {
            this.datasetSize = datasetSize;
            return this;
        }

        /** Sets the number of replicas (world size) R, default 1. */
        public Builder optReplicas(int replicas) {
            this.replicas = replicas;
            return this;
        }

        /** Sets this replica's rank in [0, R), default 0. */
        public Builder optRank(int rank) {
            this.rank = rank;
            return this;
        }

        /** Sets the repetitions r, default 3 (torchvision; its recipe uses 4). */
        public Builder optRepetitions(int repetitions) {
            this.repetitions = repetitions;
            return this;
        }

        /** Sets the seed; epoch e shuffles with {@code seed + e}. Default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to shuffle each epoch, default true. */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Sets the multiple m in {@code floor((N // m) * m / R)}: 256 as torchvision (default),
         * 1 to keep {@code floor(N / R)} indices on datasets smaller than 256 R.
         */
        public Builder optSelectionMultiple(int selectionMultiple) {
            this.selectionMultiple = selectionMultiple;
            return this;
        }

        /** Returns all {@code ceil(N r / R)} indices (no cut) when true; default false. */
        public Builder optKeepAllRepeats(boolean keepAllRepeats) {
            this.keepAllRepeats = keepAllRepeats;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException on a bad value, or when the selection would be empty
         */
        public RepeatedAugmentationSampler build() {
            if (datasetSize < 1) {
                throw new IllegalArgumentException(
                        "datasetSize must be set and >= 1, got " + datasetSize);
            }
            if (replicas < 1) {
                throw new IllegalArgumentException("replicas must be >= 1, got " + replicas);
            }
            if (rank < 0 || rank >= replicas) {
                throw new IllegalArgumentException(
                        "rank must be in [0, " + replicas + "), got " + rank);
            }
            if (repetitions < 1) {
                throw new IllegalArgumentException(
                        "repetitions must be >= 1, got " + repetitions);
            }
            if (selectionMultiple < 1) {
                throw new IllegalArgumentException(
                        "selectionMultiple must be >= 1, got " + selectionMultiple);
            }
            if ((long) datasetSize * repetitions > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        "datasetSize * repetitions must fit in an int, got " + datasetSize + " * "
                                + repetitions);
            }
            if (!keepAllRepeats && numSelected(datasetSize, replicas, selectionMultiple) == 0) {
                throw new IllegalArgumentException(
                        "datasetSize " + datasetSize + " selects 0 samples per epoch with "
                                + "replicas " + replicas + " and selectionMultiple "
                                + selectionMultiple + " (torchvision's floor((N // "
                                + selectionMultiple + ") * " + selectionMultiple + " / R)); use "
                                + "optSelectionMultiple(1) or optKeepAllRepeats(true)");
            }
            return new RepeatedAugmentationSampler(this);
        }
    }
}
