package org.sota4j.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.sota4j.plots.Tables;

import tech.tablesaw.api.Table;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

class RecipeTest {

    @Test
    void defaultsAreTrainPyDefaults() {
        Recipe r = Recipe.builder().build();
        assertEquals("resnet18", r.getModel());
        assertEquals(90, r.getEpochs());
        assertEquals(32, r.getBatchSize());
        assertEquals(0.1, r.getLr());
        assertEquals(0.9, r.getMomentum());
        assertEquals(1e-4, r.getWeightDecay());
        assertNull(r.getNormWeightDecay());
        assertEquals(0.0, r.getLabelSmoothing());
        assertEquals(0.0, r.getMixupAlpha());
        assertEquals(Recipe.LrScheduler.STEPLR, r.getLrScheduler());
        assertEquals(30, r.getLrStepSize());
        assertEquals(Recipe.WarmupMethod.CONSTANT, r.getLrWarmupMethod());
        assertEquals(0.01, r.getLrWarmupDecay());
        assertNull(r.getAutoAugment());
        assertEquals(9, r.getRandAugmentMagnitude());
        assertFalse(r.isModelEma());
        assertEquals(32, r.getModelEmaSteps());
        assertEquals(0.99998, r.getModelEmaDecay());
        assertEquals(256, r.getValResizeSize());
        assertEquals(3, r.getRepeatedAugmentationReps());
        assertEquals(List.of("torchrun", "--nproc_per_node=1", "train.py"), r.toTorchvisionArgs());
    }

    @Test
    void presetsGiveTheTorchvisionCommands() {
        assertEquals("torchrun --nproc_per_node=8 train.py --model resnet50",
                Recipe.baseline().toTorchvisionCommand());
        assertEquals(256, Recipe.baseline().getTotalBatchSize());
        // the README's ResNet-50 v2 command (default-valued flags such as --lr-warmup-decay 0.01,
        // --model-ema-steps 32 and --model-ema-decay 0.99998 are omitted as defaults)
        String expected = "torchrun --nproc_per_node=8 train.py --model resnet50 --epochs 600"
                + " --batch-size 128 --lr 0.5 --weight-decay 0.00002 --norm-weight-decay 0.0"
                + " --label-smoothing 0.1 --mixup-alpha 0.2 --cutmix-alpha 1.0"
                + " --lr-scheduler cosineannealinglr --lr-warmup-epochs 5 --lr-warmup-method linear"
                + " --auto-augment ta_wide --random-erase 0.1 --model-ema --train-crop-size 176"
                + " --val-resize-size 232 --ra-sampler --ra-reps 4";
        Recipe v2 = Recipe.torchvisionV2();
        assertEquals(expected, v2.toTorchvisionCommand());
        assertEquals(1024, v2.getTotalBatchSize());
        assertEquals(0.5, v2.getLr());
        // the blog's command as published, with an explicit default flag and aliases
        Recipe parsed = Recipe.fromTorchvisionArgs(("torchrun --nproc_per_node=8 train.py --model resnet50"
                + " --batch-size 128 --lr 0.5 --lr-scheduler cosineannealinglr --lr-warmup-epochs 5"
                + " --lr-warmup-method linear --auto-augment ta_wide --epochs 600 --random-erase 0.1"
                + " --weight-decay 0.00002 --norm-weight-decay 0.0 --label-smoothing 0.1 --mixup-alpha 0.2"
                + " --cutmix-alpha 1.0 --train-crop-size 176 --model-ema --val-resize-size 232"
                + " --ra-sampler --ra-reps 4 --lr-warmup-decay 0.01 --data-path /data/imagenet").split(" "));
        assertEquals(v2, parsed);
    }

    @Test
    void roundTripsPresetsAndRandomRecipes() {
        for (Recipe r : List.of(Recipe.baseline(), Recipe.torchvisionV2(), Recipe.builder().build())) {
            assertEquals(r, Recipe.fromTorchvisionArgs(r.toTorchvisionArgs()));
        }
        Random random = new Random(12);
        for (int i = 0; i < 300; i++) {
            Recipe r = randomRecipe(random);
            List<String> args = r.toTorchvisionArgs();
            assertEquals(r, Recipe.fromTorchvisionArgs(args), String.join(" ", args));
            assertEquals(r.hashCode(), Recipe.fromTorchvisionArgs(args).hashCode());
        }
    }

    private static Recipe randomRecipe(Random rnd) {
        int epochs = 1 + rnd.nextInt(700);
        Recipe.LrScheduler scheduler = Recipe.LrScheduler.values()[rnd.nextInt(3)];
        int warmup = rnd.nextInt(epochs);
        return Recipe.builder()
                .optModel(RecipeRunner.MODELS.get(rnd.nextInt(RecipeRunner.MODELS.size())))
                .optEpochs(epochs)
                .optBatchSize(1 + rnd.nextInt(512))
                .optProcesses(1 + rnd.nextInt(16))
                .optOptimizer(Recipe.OptimizerName.values()[rnd.nextInt(4)])
                .optLr(rnd.nextDouble() + 1e-9)
                .optMomentum(rnd.nextDouble())
                .optWeightDecay(rnd.nextBoolean() ? 1e-4 : rnd.nextDouble() * 1e-3)
                .optNormWeightDecay(rnd.nextBoolean() ? null : rnd.nextDouble() * 1e-4)
                .optBiasWeightDecay(rnd.nextBoolean() ? null : rnd.nextDouble() * 1e-4)
                .optLabelSmoothing(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 0.5)
                .optMixupAlpha(rnd.nextBoolean() ? 0 : rnd.nextDouble())
                .optCutmixAlpha(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 2)
                .optLrScheduler(scheduler)
                .optLrStepSize(1 + rnd.nextInt(50))
                .optLrGamma(rnd.nextDouble() + 1e-6)
                .optLrWarmupEpochs(warmup)
                .optLrWarmupMethod(Recipe.WarmupMethod.values()[rnd.nextInt(2)])
                .optLrWarmupDecay(rnd.nextBoolean() ? 0.01 : 1 - rnd.nextDouble())
                .optLrMin(rnd.nextBoolean() ? 0 : rnd.nextDouble() * 1e-3)
                .optAutoAugment(rnd.nextBoolean() ? null : Recipe.AutoAugmentPolicy.values()[rnd.nextInt(6)])
                .optRandAugmentMagnitude(rnd.nextInt(31))
                .optAugmixSeverity(1 + rnd.nextInt(10))
                .optRandomErase(rnd.nextBoolean() ? 0 : rnd.nextDouble())
                .optModelEma(rnd.nextBoolean())
                .optModelEmaSteps(1 + rnd.nextInt(64))
                .optModelEmaDecay(rnd.nextDouble())
                .optClipGradNorm(rnd.nextBoolean() ? null : rnd.nextDouble() * 5 + 0.1)
                .optTrainCropSize(16 + rnd.nextInt(300))
                .optValResizeSize(16 + rnd.nextInt(300))
                .optValCropSize(16 + rnd.nextInt(300))
                .optRepeatedAugmentation(rnd.nextBoolean())
                .optRepeatedAugmentationReps(1 + rnd.nextInt(6))
                .optAmp(rnd.nextBoolean())
                .build();
    }

    @Test
    void toArgsCarriesTheExtrasAndRoundTrips() {
        Recipe r = Recipe.baseline().toBuilder().optGradientAccumulationSteps(4).optStochasticDepth(0.1)
                .optDropout(0.2).optEarlyStoppingPatience(10).optLrPerIteration(true).optSeed(7).build();
        List<String> args = r.toArgs();
        assertEquals(Recipe.baseline().toTorchvisionArgs(), args.subList(0, args.size() - 12));
        assertEquals(List.of("--gradient-accumulation-steps", "4", "--stochastic-depth", "0.1", "--dropout", "0.2",
                "--early-stopping-patience", "10", "--lr-per-iteration", "true", "--seed", "7"),
                args.subList(args.size() - 12, args.size()));
        assertEquals(r, Recipe.fromTorchvisionArgs(args));
        Random random = new Random(5);
        for (int i = 0; i < 100; i++) {
            Recipe x = randomRecipe(random).toBuilder().optGradientAccumulationSteps(1 + random.nextInt(8))
                    .optStochasticDepth(random.nextDouble() * 0.5).optDropout(random.nextBoolean() ? 0 : 0.3)
                    .optGhostBatchSize(random.nextBoolean() ? 0 : 1 + random.nextInt(64))
                    .optLrPerIteration(random.nextBoolean()).optSeed(random.nextLong()).build();
            assertEquals(x, Recipe.fromTorchvisionArgs(x.toArgs()), String.join(" ", x.toArgs()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.fromTorchvisionArgs("--lr-per-iteration", "yes"));
        assertEquals("--lr-per-iteration must be true or false, got 'yes'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recipe.fromTorchvisionArgs("--seed", "1.5"));
        assertEquals("--seed must be an integer, got '1.5'", e.getMessage());
    }

    @Test
    void extrasStayOutOfTheCommandLine() {
        Recipe r = Recipe.baseline().toBuilder().optGradientAccumulationSteps(4).optStochasticDepth(0.1)
                .optDropout(0.2).optEarlyStoppingPatience(10).optLrPerIteration(true).optSeed(7).build();
        assertEquals(Recipe.baseline().toTorchvisionArgs(), r.toTorchvisionArgs());
        assertNotEquals(Recipe.baseline(), r);
        assertEquals(Recipe.baseline(), Recipe.fromTorchvisionArgs(r.toTorchvisionArgs()));
        assertEquals(List.of("gradient-accumulation-steps", "stochastic-depth", "dropout", "ghost-batch-size",
                "early-stopping-patience", "lr-per-iteration", "basic-augmentation", "seed"),
                List.copyOf(Recipe.extraNames()));
        assertTrue(r.toBuilder().build().isLrPerIteration());
        assertTrue(r.toString().contains("seed=7"), r.toString());
    }

    @Test
    void parsesAliasesEqualsFormAndPythonPrefix() {
        Recipe r = Recipe.fromTorchvisionArgs("python", "train.py", "-b", "64", "--wd=0.00005",
                "--opt", "AdamW", "--lr-scheduler=CosineAnnealingLR", "--clip-grad-norm", "1", "-j", "8");
        assertEquals(1, r.getProcesses());
        assertEquals(64, r.getBatchSize());
        assertEquals(5e-5, r.getWeightDecay());
        assertEquals(Recipe.OptimizerName.ADAMW, r.getOptimizer());
        assertEquals(Recipe.LrScheduler.COSINEANNEALINGLR, r.getLrScheduler());
        assertEquals(1.0, r.getClipGradNorm());
        assertEquals(4, Recipe.fromTorchvisionArgs("torchrun", "--nproc_per_node", "4", "train.py").getProcesses());
        assertEquals(Recipe.builder().optEpochs(5).build(), Recipe.fromTorchvisionArgs("--epochs", "5"));
    }

    @Test
    void rejectsUnknownAndMalformedFlags() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.fromTorchvisionArgs("train.py", "--lr", "0.1", "--sync-bn"));
        assertTrue(e.getMessage().contains("--sync-bn"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recipe.fromTorchvisionArgs("--lr", "fast"));
        assertEquals("--lr must be a number, got 'fast'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recipe.fromTorchvisionArgs("--epochs"));
        assertEquals("flag --epochs needs a value", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recipe.fromTorchvisionArgs("--auto-augment", "rand"));
        assertTrue(e.getMessage().contains("ta_wide") && e.getMessage().contains("'rand'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Recipe.fromTorchvisionArgs("--label-smoothing", "1.0"));
        assertEquals("labelSmoothing must be in [0, 1), got 1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.fromTorchvisionArgs("torchrun", "--nnodes=2", "train.py"));
        assertTrue(e.getMessage().contains("--nnodes"));
    }

    @Test
    void buildValidatesWithNamedMessages() {
        Map<String, Runnable> bad = Map.of(
                "randomErase must be in [0, 1], got 1.5", () -> Recipe.builder().optRandomErase(1.5).build(),
                "mixupAlpha must be a finite number >= 0, got -0.2", () -> Recipe.builder().optMixupAlpha(-0.2).build(),
                "lrWarmupEpochs must be <= epochs (10), got 11",
                () -> Recipe.builder().optEpochs(10).optLrWarmupEpochs(11).build(),
                "lr must be a finite number > 0, got 0.0", () -> Recipe.builder().optLr(0).build(),
                "batchSize must be >= 1, got 0", () -> Recipe.builder().optBatchSize(0).build(),
                "lrWarmupDecay must be in (0, 1], got 0.0", () -> Recipe.builder().optLrWarmupDecay(0).build(),
                "clipGradNorm must be a finite number > 0, got -1.0",
                () -> Recipe.builder().optClipGradNorm(-1.0).build(),
                "momentum must be in [0, 1), got 1.5", () -> Recipe.builder().optMomentum(1.5).build(),
                "model must be one of resnet20, resnet56, resnet18, resnet50, preact_resnet18, wide_resnet16_4, "
                        + "wide_resnet28_10, small_cnn (the models RecipeRunner builds), got 'resnet999'",
                () -> Recipe.fromTorchvisionArgs("--model", "resnet999"));
        for (Map.Entry<String, Runnable> entry : bad.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, entry.getValue()::run);
            assertEquals(entry.getKey(), e.getMessage());
        }
        assertEquals(10, Recipe.builder().optEpochs(10).optLrWarmupEpochs(10).build().getLrWarmupEpochs());
    }

    @Test
    void batchSizeScalingIsLinear() {
        Recipe v2 = Recipe.torchvisionV2();
        Recipe half = v2.withBatchSize(64);
        assertEquals(64, half.getBatchSize());
        assertEquals(8, half.getProcesses());
        assertEquals(0.25, half.getLr(), 1e-15);
        Recipe single = v2.withTotalBatchSize(128);
        assertEquals(1, single.getProcesses());
        assertEquals(128, single.getTotalBatchSize());
        assertEquals(0.0625, single.getLr(), 1e-15);
        assertEquals(0.1 * 512 / 256, Recipe.baseline().withBatchSize(64).getLr(), 1e-15);
        // everything else unchanged
        assertEquals(v2.toBuilder().optBatchSize(64).optLr(0.25).build(), half);
    }

    @Test
    void toBuilderAndRows() {
        Recipe smoothed = Recipe.baseline().toBuilder().optLabelSmoothing(0.1).build();
        assertEquals(0.1, smoothed.getLabelSmoothing());
        assertEquals(Recipe.baseline().getEpochs(), smoothed.getEpochs());
        Map<String, Object> row = Recipe.torchvisionV2().toRow();
        assertEquals(8, row.get("processes"));
        assertEquals("ta_wide", row.get("auto-augment"));
        assertEquals(0.2, row.get("mixup-alpha"));
        assertEquals(true, row.get("ra-sampler"));
        assertNull(row.get("bias-weight-decay"));
        assertEquals(0L, row.get("seed"));
        Table table = Tables.recipes(List.of(Recipe.torchvisionV2()));
        assertEquals(1, table.rowCount());
        assertEquals(row.size(), table.columnCount());
        assertEquals(0.5, table.doubleColumn("lr").get(0));
        assertEquals(600, table.intColumn("epochs").get(0));
        assertTrue(table.doubleColumn("bias-weight-decay").isMissing(0));
        assertEquals(Arrays.asList(row.keySet().toArray()), table.columnNames());
        Table ablation = Tables.recipes(List.of(Recipe.baseline(), Recipe.torchvisionV2()));
        assertEquals(2, ablation.rowCount());
        assertEquals(List.of(8, 8), ablation.intColumn("processes").asList());
        assertEquals("ta_wide", ablation.stringColumn("auto-augment").get(1));
        assertTrue(ablation.stringColumn("auto-augment").isMissing(0));
    }

    /** A ghost batch size puts a GhostNorm in every normalization layer the runner builds, and round-trips. */
    @Test
    void ghostBatchSizeBuildsGhostNormsAndRoundTrips() {
        Recipe plain = Recipe.builder().optModel("resnet20").build();
        Recipe ghost = plain.toBuilder().optGhostBatchSize(16).build();
        assertEquals(0, plain.getGhostBatchSize());
        assertEquals(16, ghost.getGhostBatchSize());
        List<String> args = ghost.toArgs();
        assertEquals(List.of("--ghost-batch-size", "16"), args.subList(args.size() - 2, args.size()));
        assertEquals(ghost, Recipe.fromTorchvisionArgs(ghost.toArgs()));
        assertEquals(plain.toTorchvisionArgs(), ghost.toTorchvisionArgs());
        List<Integer> sizes = ghostNormSizes(RecipeRunner.model(ghost, 10, 1));
        assertEquals(19, sizes.size());
        assertEquals(List.of(16), sizes.stream().distinct().toList());
        assertEquals(0, ghostNormSizes(RecipeRunner.model(plain, 10, 1)).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.builder().optGhostBatchSize(-1).build());
        assertEquals("ghostBatchSize must be >= 0, got -1", e.getMessage());
    }

    private static List<Integer> ghostNormSizes(ai.djl.nn.Block block) {
        List<Integer> sizes = new java.util.ArrayList<>();
        if (block instanceof org.sota4j.models.GhostNorm g) {
            sizes.add(g.getVirtualBatchSize());
        }
        for (ai.djl.nn.Block child : block.getChildren().values()) {
            sizes.addAll(ghostNormSizes(child));
        }
        return sizes;
    }

    /** The names a recipe accepts are the ones the runner builds, so a recipe that builds can run. */
    @Test
    void everyAcceptedModelNameBuilds() {
        for (String name : RecipeRunner.MODELS) {
            Recipe r = Recipe.builder().optModel(name.toUpperCase(java.util.Locale.ROOT)).build();
            assertNotNull(RecipeRunner.model(r, 10, 3), name);
        }
    }

    @Test
    void cosineStepsPerIterationWhenAskedElsePerEpochAsTrainPy() {
        Recipe perEpoch = Recipe.builder().optEpochs(2).optLr(0.1).optLrScheduler(Recipe.LrScheduler.COSINEANNEALINGLR)
                .build();
        Recipe perIteration = perEpoch.toBuilder().optLrPerIteration(true).build();
        var epochly = RecipeRunner.schedule(perEpoch, 10);
        var iterly = RecipeRunner.schedule(perIteration, 10);
        // DJL's update counter starts at 1: update n is iteration n - 1 of 20
        assertEquals(0.1, epochly.getNewValue(6), 1e-7);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 5 / 20)) / 2, iterly.getNewValue(6), 1e-7);
        assertEquals(0.1 * (1 + Math.cos(Math.PI / 2)) / 2, epochly.getNewValue(20), 1e-7);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 19 / 20)) / 2, iterly.getNewValue(20), 1e-7);
    }

    /** Each basic augmentation does what its name says on a batch of 28-pixel images, and round-trips as an extra. */
    @Test
    void basicAugmentationChoosesTheCropAndFlipAndRoundTrips() {
        Recipe none = Recipe.builder().optModel("resnet20").optBasicAugmentation(Recipe.BasicAugmentation.NONE).build();
        assertEquals(Recipe.BasicAugmentation.CROP_FLIP, Recipe.builder().build().getBasicAugmentation());
        assertEquals(List.of("--basic-augmentation", "none"), none.toArgs().subList(none.toArgs().size() - 2,
                none.toArgs().size()));
        for (Recipe.BasicAugmentation b : Recipe.BasicAugmentation.values()) {
            Recipe r = none.toBuilder().optBasicAugmentation(b).build();
            assertEquals(r, Recipe.fromTorchvisionArgs(r.toArgs()));
        }
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(1, 28, 28);
        assertNull(RecipeRunner.augmentation(none, shape));
        assertTrue(RecipeRunner.augmentation(none.toBuilder().optAutoAugment(Recipe.AutoAugmentPolicy.TA_WIDE).build(),
                shape) instanceof org.sota4j.augmentation.TrivialAugmentWide);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            int n = 32;
            ai.djl.ndarray.NDArray x = m.arange(0f, 784f).reshape(1, 1, 28, 28).repeat(0, n);
            float[] original = x.get(0).toFloatArray();
            float[] mirrored = x.get(0).flip(2).toFloatArray();
            int[] counts = new int[Recipe.BasicAugmentation.values().length * 3];
            for (Recipe.BasicAugmentation b : List.of(Recipe.BasicAugmentation.FLIP, Recipe.BasicAugmentation.CROP_FLIP,
                    Recipe.BasicAugmentation.RESIZED_CROP_FLIP)) {
                ai.djl.ndarray.NDArray y = RecipeRunner.augmentation(none.toBuilder().optBasicAugmentation(b).build(),
                        shape).apply(x, new Random(3));
                assertEquals(x.getShape(), y.getShape(), b.toString());
                for (int i = 0; i < n; i++) {
                    float[] yi = y.get(i).toFloatArray();
                    counts[b.ordinal() * 3 + (Arrays.equals(yi, original) ? 0 : Arrays.equals(yi, mirrored) ? 1 : 2)]++;
                }
            }
            int flip = Recipe.BasicAugmentation.FLIP.ordinal() * 3;
            assertTrue(counts[flip] > 0 && counts[flip + 1] > 0, Arrays.toString(counts));
            assertEquals(0, counts[flip + 2], "flip only: every image is the original or its mirror");
            int crop = Recipe.BasicAugmentation.CROP_FLIP.ordinal() * 3;
            assertTrue(counts[crop + 2] > n / 2, "pad-and-crop moves most images: " + Arrays.toString(counts));
            int resized = Recipe.BasicAugmentation.RESIZED_CROP_FLIP.ordinal() * 3;
            assertTrue(counts[resized + 2] > n / 2, "random resized crops: " + Arrays.toString(counts));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> none.toBuilder().optTrainCropSize(176).build());
        assertEquals("basicAugmentation none keeps the native size, so it needs the default crop sizes "
                + "(trainCropSize 224, valResizeSize 256, valCropSize 224), got 176, 256, 224", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.fromTorchvisionArgs("--basic-augmentation", "crop"));
        assertEquals("--basic-augmentation must be one of [crop_flip, resized_crop_flip, flip, none], got 'crop'",
                e.getMessage());
    }

    /** A valid value other than the default, for every kind of setting in the table. */
    private static Object otherValue(RecipeSetting<?> s) {
        Object d = s.defaultValue;
        if (s.type == Integer.class) {
            return (Integer) d + 1;
        } else if (s.type == Double.class) {
            return d == null || (Double) d == 0 ? 0.5 : (Double) d / 2;
        } else if (s.type == Boolean.class) {
            return true;
        } else if (s.type == Long.class) {
            return 7L;
        } else if (s.type == String.class) {
            return "resnet20";
        }
        Object[] constants = s.type.getEnumConstants();
        return d == null ? constants[0] : constants[(((Enum<?>) d).ordinal() + 1) % constants.length];
    }

    /**
     * Every setting of the table, changed alone, shows up in the command line under its own flag and comes back
     * from it: train.py's flags in the train.py line (booleans bare), the extras only in the full line.
     */
    @Test
    void everySettingRoundTripsThroughItsFlag() {
        assertEquals(42, Recipe.SETTINGS.size());
        for (RecipeSetting<?> s : Recipe.SETTINGS) {
            Recipe r = Recipe.builder().set(s, otherValue(s)).build();
            assertNotEquals(Recipe.builder().build(), r, s.flag);
            assertEquals(otherValue(s) instanceof Recipe.Arg a ? a.arg() : otherValue(s), r.toRow().get(s.flag),
                    s.flag);
            assertEquals(r, Recipe.fromTorchvisionArgs(r.toArgs()), s.flag + ": " + r.toArgs());
            List<String> tv = r.toTorchvisionArgs();
            switch (s.kind) {
                case TORCHRUN -> assertEquals("--nproc_per_node=2", tv.get(1));
                case TRAIN_PY -> {
                    assertEquals("--" + s.flag, tv.get(3), s.flag);
                    assertEquals(s.type == Boolean.class ? 4 : 5, tv.size(), s.flag + ": " + tv);
                    assertEquals(r, Recipe.fromTorchvisionArgs(tv), s.flag);
                }
                case EXTRA -> {
                    assertEquals(3, tv.size(), s.flag);
                    assertEquals(List.of("--" + s.flag), r.toArgs().subList(3, 4), s.flag);
                }
            }
        }
    }

    /** The runner refuses, naming the flag, each setting it cannot train, and nothing else. */
    @Test
    void theRunnerRefusesWhatItCannotHonour() {
        Recipe base = Recipe.builder().optModel("resnet20").build();
        Map<String, Recipe> refused = Map.of(
                "--amp true (the runner trains in float32)", base.toBuilder().optAmp(true).build(),
                "--opt rmsprop (the toolkit has no RMSprop)",
                base.toBuilder().optOptimizer(Recipe.OptimizerName.RMSPROP).build(),
                "--lr-scheduler exponentiallr (the runner schedules steplr and cosineannealinglr)",
                base.toBuilder().optLrScheduler(Recipe.LrScheduler.EXPONENTIALLR).build(),
                "--auto-augment augmix (the toolkit has no AugMix)",
                base.toBuilder().optAutoAugment(Recipe.AutoAugmentPolicy.AUGMIX).build(),
                "--lr-warmup-epochs 5 (the runner warms up cosineannealinglr only)",
                base.toBuilder().optLrWarmupEpochs(5).build());
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(1, 28, 28);
        for (Map.Entry<String, Recipe> entry : refused.entrySet()) {
            Recipe r = entry.getValue();
            assertEquals(List.of(entry.getKey()), r.unhonoured());
            for (Runnable call : List.<Runnable>of(() -> RecipeRunner.requireHonoured(r),
                    () -> RecipeRunner.schedule(r, 10), () -> RecipeRunner.augmentation(r, shape))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
                assertEquals("RecipeRunner cannot train " + entry.getKey(), e.getMessage());
            }
        }
        assertEquals(List.of(), base.toBuilder().optLrScheduler(Recipe.LrScheduler.COSINEANNEALINGLR)
                .optLrWarmupEpochs(5).build().unhonoured());
        for (RecipeSetting<?> s : Recipe.SETTINGS) {
            Recipe r = base.toBuilder().set(s, otherValue(s)).build();
            assertEquals(s.flag.equals("amp") || s.flag.equals("lr-warmup-epochs") ? 1 : 0, r.unhonoured().size(),
                    s.flag + ": " + r.unhonoured());
        }
    }
}
