package org.sota4j.experiments;

import org.sota4j.augmentation.BatchTransform;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.recipe.Recipe;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An ablation of the training augmentation itself: one base {@link Recipe} and named variants that each
 * replace the recipe's 0..255 augmentation with a given {@link BatchTransform} ({@code null} for none), with
 * the same data, budget and seeds. Use it for comparisons a recipe flag cannot express, such as no
 * augmentation against the crop-and-flip of Krizhevsky et al. 2012 and He et al. 2016 (arXiv 1512.03385).
 * It is an {@link Ablation} whose variants change the loop's augmentation, without a row for the base recipe,
 * and returns the same {@link Ablation.Result} (tables and plots).
 *
 * <pre>{@code
 * Ablation.Result r = AugmentationAblation.builder().setBase(recipe).setData(data) // forProfileWithValidation
 *         .addVariant("none", null).addVariant("flip", new RandomHorizontalFlip())
 *         .optSeeds(1, 2).build().run();
 * }</pre>
 */
public final class AugmentationAblation {

    /** A named training augmentation ({@code null} for none). */
    public record Variant(String name, BatchTransform augmentation) {}

    private final Ablation ablation;
    private final List<Variant> variants;

    private AugmentationAblation(Ablation ablation, List<Variant> variants) {
        this.ablation = ablation;
        this.variants = List.copyOf(variants);
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
        return ablation.run();
    }

    /** Builds an {@link AugmentationAblation}. */
    public static final class Builder {
        private final Ablation.Builder ablation = Ablation.builder().optIncludeBase(false);
        private final List<Variant> variants = new ArrayList<>();

        private Builder() {}

        /** Sets the base recipe: model, optimizer, schedule and budget of every run. */
        public Builder setBase(Recipe base) {
            ablation.setBase(base);
            return this;
        }

        /** Sets the training and validation data and their normalization (mean, std of [0, 1] pixels). */
        public Builder setData(ImageTensorDataset train, ImageTensorDataset validation, float[] mean, float[] std) {
            ablation.setData(train, validation, mean, std);
            return this;
        }

        /**
         * Sets the training, validation and test splits and the normalization of {@code data}, which must have a
         * validation split ({@link ExperimentData#forProfileWithValidation}): every trained model is then evaluated
         * once on the test split, as {@link Ablation.Builder#setData(ExperimentData)} does.
         */
        public Builder setData(ExperimentData data) {
            ablation.setData(data);
            return this;
        }

        /** Sets a CSV file that the runs table is rewritten to after every run ({@link Ablation.Builder#optRunsFile}). */
        public Builder optRunsFile(java.nio.file.Path runsFile) {
            ablation.optRunsFile(runsFile);
            return this;
        }

        /** Adds a variant: its name and its training augmentation on the 0..255 scale ({@code null} for none). */
        public Builder addVariant(String name, BatchTransform augmentation) {
            variants.add(new Variant(name, augmentation));
            ablation.addVariant(name, r -> r, (recipe, model, loop) -> loop.optAugmentation(augmentation));
            return this;
        }

        /** Sets the seeds; each variant runs once per seed (default one seed, 42). */
        public Builder optSeeds(long... seeds) {
            ablation.optSeeds(seeds);
            return this;
        }

        /** Sets where progress goes ({@code null} for silence). */
        public Builder optProgress(PrintStream progress) {
            ablation.optProgress(progress);
            return this;
        }

        /** Validates and builds: the base, the data, at least one variant and one seed are required, names unique. */
        public AugmentationAblation build() {
            return new AugmentationAblation(ablation.build(), variants);
        }
    }
}
