package org.sota4j.training;

import ai.djl.Model;
import org.sota4j.augmentation.BatchTransform;
import org.sota4j.datasets.ImageTensorDataset;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ablation of the training augmentation itself: one base {@link Recipe} and named variants that each
 * replace the recipe's 0..255 augmentation with a given {@link BatchTransform} ({@code null} for none), with
 * the same data, budget and seeds. Use it for comparisons a recipe flag cannot express, such as no
 * augmentation against the crop-and-flip of Krizhevsky et al. 2012 and He et al. 2016 (arXiv 1512.03385);
 * it returns the same {@link Ablation.Result} (tables and plots) as {@link Ablation}.
 *
 * <pre>{@code
 * Ablation.Result r = AugmentationAblation.builder().setBase(recipe).setData(train, test, mean, std)
 *         .addVariant("none", null).addVariant("flip", new RandomHorizontalFlip())
 *         .optSeeds(1, 2).build().run();
 * }</pre>
 */
public final class AugmentationAblation {

    /** A named training augmentation ({@code null} for none). */
    public record Variant(String name, BatchTransform augmentation) {}

    private final Recipe base;
    private final List<Variant> variants;
    private final ImageTensorDataset train;
    private final ImageTensorDataset validation;
    private final float[] mean;
    private final float[] std;
    private final long[] seeds;
    private final PrintStream progress;

    private AugmentationAblation(Builder b) {
        base = b.base;
        variants = List.copyOf(b.variants);
        train = b.train;
        validation = b.validation;
        mean = b.mean;
        std = b.std;
        seeds = b.seeds;
        progress = b.progress;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the variants, in order. */
    public List<Variant> variants() {
        return variants;
    }

    /**
     * Trains the base recipe's model once per variant and seed, with the variant's augmentation in place of the
     * recipe's, and returns the results (every other recipe setting, random erasing included, is kept).
     */
    public Ablation.Result run() {
        Map<String, List<History>> histories = new LinkedHashMap<>();
        StringColumn variant = StringColumn.create("variant");
        LongColumn seedColumn = LongColumn.create("seed");
        IntColumn epochs = IntColumn.create("epochs");
        DoubleColumn valAcc = DoubleColumn.create("val_acc");
        DoubleColumn bestValAcc = DoubleColumn.create("best_val_acc");
        DoubleColumn emaValAcc = DoubleColumn.create("ema_val_acc");
        DoubleColumn trainLoss = DoubleColumn.create("train_loss");
        DoubleColumn wall = DoubleColumn.create("wall_s");
        for (Variant v : variants) {
            for (long seed : seeds) {
                Recipe r = base.toBuilder().optSeed(seed).build();
                if (progress != null) {
                    progress.println("== " + v.name() + " (seed " + seed + ")");
                }
                History h;
                try (Model model = Model.newInstance(r.getModel())) {
                    model.setBlock(RecipeRunner.model(r, train.numClasses(), (int) train.imageShape().get(0)));
                    h = RecipeRunner.loop(r, model, train, validation, mean, std).optAugmentation(v.augmentation())
                            .optProgress(progress).build().fit();
                }
                histories.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(h);
                History.Row last = h.last();
                variant.append(v.name());
                seedColumn.append(seed);
                epochs.append(last.epoch());
                valAcc.append(last.valAcc());
                bestValAcc.append(h.bestValAcc());
                emaValAcc.append(last.emaValAcc());
                trainLoss.append(last.trainLoss());
                wall.append(last.wallSeconds());
            }
        }
        Table runs = Table.create("ablation runs", variant, seedColumn, epochs, valAcc, bestValAcc, emaValAcc, trainLoss,
                wall);
        return new Ablation.Result(runs, Ablation.summarize(runs), histories);
    }

    /** Builds an {@link AugmentationAblation}. */
    public static final class Builder {
        private Recipe base;
        private final List<Variant> variants = new ArrayList<>();
        private ImageTensorDataset train;
        private ImageTensorDataset validation;
        private float[] mean;
        private float[] std;
        private long[] seeds = {42};
        private PrintStream progress = System.out;

        private Builder() {}

        /** Sets the base recipe: model, optimizer, schedule and budget of every run. */
        public Builder setBase(Recipe base) {
            this.base = base;
            return this;
        }

        /** Sets the training and validation data and their normalization (mean, std of [0, 1] pixels). */
        public Builder setData(ImageTensorDataset train, ImageTensorDataset validation, float[] mean, float[] std) {
            this.train = train;
            this.validation = validation;
            this.mean = mean == null ? null : mean.clone();
            this.std = std == null ? null : std.clone();
            return this;
        }

        /** Adds a variant: its name and its training augmentation on the 0..255 scale ({@code null} for none). */
        public Builder addVariant(String name, BatchTransform augmentation) {
            variants.add(new Variant(name, augmentation));
            return this;
        }

        /** Sets the seeds; each variant runs once per seed (default one seed, 42). */
        public Builder optSeeds(long... seeds) {
            this.seeds = seeds.clone();
            return this;
        }

        /** Sets where progress goes ({@code null} for silence). */
        public Builder optProgress(PrintStream progress) {
            this.progress = progress;
            return this;
        }

        /** Validates and builds. */
        public AugmentationAblation build() {
            if (base == null) {
                throw new IllegalArgumentException("base must be set (setBase), got null");
            }
            if (train == null || validation == null) {
                throw new IllegalArgumentException("data must be set (setData), got train " + train + ", validation "
                        + validation);
            }
            if (mean == null || std == null) {
                throw new IllegalArgumentException("mean and std must be set (setData), got " + mean + " and " + std);
            }
            if (variants.isEmpty()) {
                throw new IllegalArgumentException("variants must not be empty (addVariant), got 0");
            }
            if (seeds.length == 0) {
                throw new IllegalArgumentException("seeds must not be empty, got []");
            }
            List<String> names = new ArrayList<>();
            for (Variant v : variants) {
                if (v.name() == null || v.name().isBlank()) {
                    throw new IllegalArgumentException("variant name must not be blank, got '" + v.name() + "'");
                }
                if (names.contains(v.name())) {
                    throw new IllegalArgumentException("variant names must be unique, got '" + v.name() + "' twice");
                }
                names.add(v.name());
            }
            return new AugmentationAblation(this);
        }
    }
}
