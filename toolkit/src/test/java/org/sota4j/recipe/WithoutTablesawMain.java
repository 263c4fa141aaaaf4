package org.sota4j.recipe;

import ai.djl.Model;
import ai.djl.training.dataset.Dataset.Usage;

import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.training.History;

import java.nio.file.Path;

/**
 * Trains a recipe with most of the techniques on, stops after its first epoch with a checkpoint and resumes to the
 * end, in a JVM whose class path lacks Tablesaw and XChart ({@link WithoutTablesawTest} starts it): the techniques,
 * the loop and its checkpoints need DJL only. Prints {@code ok} and the history on success.
 */
public final class WithoutTablesawMain {

    private WithoutTablesawMain() {}

    public static void main(String[] args) throws Exception {
        for (String name : new String[] {"tech.tablesaw.api.Table", "org.knowm.xchart.XYChart"}) {
            try {
                Class.forName(name);
                throw new AssertionError(name + " is on the class path");
            } catch (ClassNotFoundException expected) {
                // as it should be
            }
        }
        Path checkpoints = Path.of(args[0]);
        Recipe recipe = Recipe.builder().optModel("small_cnn").optEpochs(2).optBatchSize(50).optLr(0.05)
                .optLrScheduler(Recipe.LrScheduler.COSINEANNEALINGLR).optLrWarmupEpochs(1)
                .optLrWarmupMethod(Recipe.WarmupMethod.LINEAR).optLrPerIteration(true)
                .optAutoAugment(Recipe.AutoAugmentPolicy.TA_WIDE).optRandomErase(0.25).optLabelSmoothing(0.1)
                .optMixupAlpha(0.2).optCutmixAlpha(1.0).optNormWeightDecay(0.0).optClipGradNorm(1.0)
                .optModelEma(true).optModelEmaSteps(1).optModelEmaDecay(0.9).optRepeatedAugmentation(true)
                .optRepeatedAugmentationReps(2).optSeed(3).build();
        float[] mean = Datasets.FASHION_MNIST_MEAN;
        float[] std = Datasets.FASHION_MNIST_STD;
        try (ImageTensorDataset full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
                ImageTensorDataset train = full.balancedSubset(20, 1);
                ImageTensorDataset validation = full.balancedSubset(5, 2)) {
            for (int stopAfter : new int[] {1, 2}) {
                try (Model model = Model.newInstance(recipe.getModel())) {
                    model.setBlock(RecipeRunner.model(recipe, train.numClasses(), 1));
                    History h = RecipeRunner.loop(recipe, model, train, validation, mean, std)
                            .optCheckpointDir(checkpoints).optResume(true).optStopAfterEpoch(stopAfter)
                            .optProgress(null).build().fit();
                    if (h.rows().size() != stopAfter) {
                        throw new AssertionError("expected " + stopAfter + " epochs, got " + h);
                    }
                    if (stopAfter == 2) {
                        System.out.println("ok " + h);
                    }
                }
            }
        }
    }
}
