package org.sota4j.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sota4j.optimizers.Sgd;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

class TransferTest {

    private static final Shape INPUT = new Shape(8, 6);

    /** backbone: Linear(16) - BatchNorm - ReLU; head: Linear(numClasses). */
    private static SequentialBlock network(int numClasses) {
        return new SequentialBlock()
                .add(Linear.builder().setUnits(16).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(numClasses).build());
    }

    private static Map<String, float[]> snapshot(Block block) {
        Map<String, float[]> result = new LinkedHashMap<>();
        for (Pair<String, Parameter> pair : block.getParameters()) {
            result.put(pair.getKey(), pair.getValue().getArray().toFloatArray());
        }
        return result;
    }

    /** One training step with an L2 loss towards random targets. */
    private static void trainStep(Model model, Optimizer optimizer, int numClasses) {
        try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
            trainer.initialize(INPUT);
            NDManager manager = trainer.getManager();
            NDArray x = manager.randomNormal(INPUT);
            NDArray y = manager.randomNormal(new Shape(INPUT.get(0), numClasses));
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDList out = trainer.forward(new NDList(x));
                collector.backward(trainer.getLoss().evaluate(new NDList(y), out));
            }
            trainer.step();
        }
    }

    private static Sgd sgd(float lr, Map<String, Float> multipliers) {
        return Sgd.builder().setLearningRateTracker(Tracker.fixed(lr)).optMomentum(0.9f)
                .optLearningRateMultipliers(multipliers).build();
    }

    @Test
    void fineTuneWithFrozenBackboneAndNewHead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pretrained.params");
        Map<String, float[]> pretrained;
        try (Model source = Model.newInstance("source")) {
            SequentialBlock net = network(10);
            source.setBlock(net);
            trainStep(source, sgd(0.1f, Map.of()), 10); // "pretraining"
            pretrained = snapshot(net);
            Transfer.saveParameters(net, file);
        }
        try (Model target = Model.newInstance("target")) {
            SequentialBlock net = network(10);
            target.setBlock(net);
            Transfer.loadParameters(net, file, target.getNDManager());
            Map<String, float[]> loaded = snapshot(net);
            assertEquals(pretrained.keySet(), loaded.keySet());
            pretrained.forEach((name, values) -> assertArrayEquals(values, loaded.get(name), 0f, name));

            Linear head = Transfer.replaceHead(net, 3, target.getNDManager());
            assertEquals(new Shape(8, 3), net.getOutputShapes(new Shape[] {INPUT})[0]);
            Transfer.freezeBackbone(net);
            Map<String, float[]> headBefore = snapshot(head);
            Map<String, float[]> before = snapshot(net);

            trainStep(target, sgd(0.5f, Map.of()), 3);

            Map<String, float[]> after = snapshot(net);
            for (String name : new String[] {"01Linear_weight", "01Linear_bias", "02BatchNorm_gamma",
                    "02BatchNorm_beta"}) {
                assertArrayEquals(before.get(name), after.get(name), 0f, "frozen " + name + " changed");
            }
            Map<String, float[]> headAfter = snapshot(head);
            for (String name : headBefore.keySet()) {
                assertFalse(java.util.Arrays.equals(headBefore.get(name), headAfter.get(name)),
                        "head " + name + " did not change");
            }
        }
    }

    /** Unfrozen backbone with multiplier 0 through a real Trainer: only the head moves; 1 moves everything. */
    @Test
    void backboneLearningRateMultiplierReachesTheOptimizer() {
        try (Model model = Model.newInstance("multipliers")) {
            SequentialBlock net = network(4);
            model.setBlock(net);
            trainStep(model, sgd(0.1f, Map.of()), 4);
            Map<String, Float> multipliers = Transfer.backboneLearningRateMultipliers(net, 0f);
            assertEquals(6, multipliers.size()); // linear weight+bias, BatchNorm gamma+beta+running mean/var
            Map<String, float[]> before = snapshot(net);
            trainStep(model, sgd(0.1f, multipliers), 4);
            Map<String, float[]> after = snapshot(net);
            assertArrayEquals(before.get("01Linear_weight"), after.get("01Linear_weight"), 0f);
            assertArrayEquals(before.get("02BatchNorm_gamma"), after.get("02BatchNorm_gamma"), 0f);
            assertFalse(java.util.Arrays.equals(before.get("04Linear_weight"), after.get("04Linear_weight")));
        }
    }

    @Test
    void loadsWeightsSavedByModelSave(@TempDir Path dir) throws Exception {
        Map<String, float[]> saved;
        try (Model source = Model.newInstance("net")) {
            SequentialBlock net = network(5);
            source.setBlock(net);
            trainStep(source, sgd(0.1f, Map.of()), 5);
            saved = snapshot(net);
            source.save(dir, "net");
        }
        try (Model target = Model.newInstance("net")) {
            SequentialBlock net = network(5);
            target.setBlock(net);
            Transfer.loadModel(target, dir, "net");
            Map<String, float[]> loaded = snapshot(net);
            saved.forEach((name, values) -> assertArrayEquals(values, loaded.get(name), 0f, name));
        }
        try (Model empty = Model.newInstance("net")) {
            assertThrows(IllegalArgumentException.class, () -> Transfer.loadModel(empty, dir, "net"));
        }
    }

    @Test
    void unfreezeKeepsRunningStatisticsNonTrainable() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = network(2);
            net.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, INPUT);
            Transfer.freeze(net);
            for (Pair<String, Parameter> pair : net.getParameters()) {
                assertFalse(pair.getValue().requiresGradient(), pair.getKey());
            }
            Transfer.unfreeze(net);
            for (Pair<String, Parameter> pair : net.getParameters()) {
                boolean running = pair.getKey().contains("running");
                assertEquals(!running, pair.getValue().requiresGradient(), pair.getKey());
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Transfer.replaceHead(net, 0, manager));
            assertTrue(e.getMessage().contains("numClasses"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> Transfer.replaceHead(network(2), 3, manager));
            assertTrue(e.getMessage().contains("initialized"), e.getMessage());
        }
    }
}
