package org.sota4j.examples;

import ai.djl.training.dataset.Dataset.Usage;

import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.plots.Tables;
import org.sota4j.recipe.Recipe;
import org.sota4j.recipe.RecipeRunner;
import org.sota4j.training.History;

/** Trains ResNet-20 on the embedded Fashion-MNIST subset with torchvision's recipe flags, from a plain {@code main}. */
public final class TrainWithRecipe {

    private TrainWithRecipe() {}

    /**
     * Usage: {@code TrainWithRecipe [epochs]} (at least 2: one is warmup); prints the history and the equivalent
     * torchvision command.
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Recipe recipe = Recipe.builder().optModel("resnet20").optEpochs(epochs).optBatchSize(128).optLr(0.1)
                .optLrScheduler(Recipe.LrScheduler.COSINEANNEALINGLR).optLrWarmupEpochs(1)
                .optLabelSmoothing(0.1).optAutoAugment(Recipe.AutoAugmentPolicy.TA_WIDE).optRandomErase(0.1).build();
        try (ImageTensorDataset train = Datasets.fashionMnistEmbedded(Usage.TRAIN);
                ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            History history = RecipeRunner.run(recipe, train, test,
                    Datasets.FASHION_MNIST_MEAN, Datasets.FASHION_MNIST_STD, System.out);
            System.out.print(Tables.text(history.toTable()));
            System.out.println("at ImageNet scale: " + recipe.toTorchvisionCommand());
        }
    }
}
