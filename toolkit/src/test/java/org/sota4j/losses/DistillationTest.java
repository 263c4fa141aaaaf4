package org.sota4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sota4j.losses.CrossEntropyTest.assertMessage;
import static org.sota4j.losses.Fixtures.assertRelative;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class DistillationTest {

    @Test
    void distillationLossMatchesTorchFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = Fixtures.array(m, "logits");
            NDArray teacher = Fixtures.array(m, "teacher");
            NDArray index = m.create(Fixtures.indices());
            NDArray probs = Fixtures.array(m, "probs");
            for (JsonElement element : Fixtures.LOSSES.getAsJsonArray("distillation")) {
                JsonObject c = element.getAsJsonObject();
                float t = c.get("temperature").getAsFloat();
                float alpha = c.get("alpha").getAsFloat();
                DistillationLoss loss = DistillationLoss.builder().optTemperature(t).optAlpha(alpha).build();
                String what = "T " + t + " alpha " + alpha;
                assertRelative(c.get("index").getAsDouble(), loss.compute(student, teacher, index).getFloat(), 1e-6,
                        what + " index targets");
                assertRelative(c.get("probs").getAsDouble(),
                        loss.evaluate(new NDList(probs, teacher), new NDList(student)).getFloat(), 1e-6,
                        what + " probability targets via evaluate");
                DistillationLoss klOnly = DistillationLoss.builder().optTemperature(t).optAlpha(1f).build();
                assertRelative(c.get("kl").getAsDouble() * t * t, klOnly.compute(student, teacher, null).getFloat(),
                        1e-6, what + " KL batchmean * T^2");
            }
        }
    }

    @Test
    void gradientReachesStudentOnlyAndEqualsTemperatureScaledSoftmaxDifference() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray student = Fixtures.array(m, "logits");
            NDArray teacher = Fixtures.array(m, "teacher");
            student.setRequiresGradient(true);
            teacher.setRequiresGradient(true);
            float t = 4f;
            DistillationLoss loss = DistillationLoss.builder().optTemperature(t).optAlpha(1f).build();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(loss.compute(student, teacher, null));
            }
            long n = student.getShape().get(0);
            // d(T^2 KL)/ds = T (softmax(s/T) - softmax(t/T)) / N
            NDArray expected = student.stopGradient().div(t).softmax(1)
                    .sub(teacher.stopGradient().div(t).softmax(1)).mul(t / n);
            assertArrayEquals(expected.toFloatArray(), student.getGradient().toFloatArray(), 1e-6f);
            assertEquals(0f, teacher.getGradient().abs().sum().getFloat());
        }
    }

    @Test
    void teacherIsFrozenWhileStudentTrains() {
        // a linear student under a softmax loss has gradients that sum to 0 up to rounding, and DJL's first step
        // refuses an exact 0: seed the draws so the outcome does not depend on which tests ran before
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager();
                Model studentModel = Model.newInstance("student")) {
            Shape inputShape = new Shape(8, 6);
            Block teacher = new SequentialBlock().add(Linear.builder().setUnits(16).build())
                    .add(Linear.builder().setUnits(3).build());
            teacher.initialize(m, DataType.FLOAT32, inputShape);
            List<float[]> teacherBefore = snapshot(teacher);
            studentModel.setBlock(Linear.builder().setUnits(3).build());
            Distillation distillation = Distillation.builder().setTeacher(teacher).setStudent(studentModel)
                    .setInputShape(inputShape).optTemperature(4).optAlpha(0.9f).build();
            assertEquals(3, distillation.getNumClasses());
            DefaultTrainingConfig config = new DefaultTrainingConfig(distillation.getLoss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
            try (Trainer trainer = studentModel.newTrainer(config)) {
                trainer.initialize(inputShape);
                List<float[]> studentBefore = snapshot(studentModel.getBlock());
                NDArray images = m.randomNormal(inputShape);
                NDArray targets = m.create(new long[] {0, 1, 2, 0, 1, 2, 0, 1});
                float first = Float.NaN;
                float last = Float.NaN;
                for (int step = 0; step < 5; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(images)).singletonOrThrow();
                        NDArray loss = distillation.computeLoss(images, logits, targets);
                        collector.backward(loss);
                        last = loss.getFloat();
                        first = step == 0 ? last : first;
                    }
                    trainer.step();
                }
                List<float[]> teacherAfter = snapshot(teacher);
                for (int i = 0; i < teacherBefore.size(); i++) {
                    assertArrayEquals(teacherBefore.get(i), teacherAfter.get(i), "teacher parameter " + i);
                }
                for (Parameter p : teacher.getParameters().values()) {
                    NDArray array = p.getArray();
                    assertFalse(array.hasGradient() && array.getGradient().abs().sum().getFloat() > 0,
                            "teacher parameter " + p.getName() + " received a gradient");
                }
                List<float[]> studentAfter = snapshot(studentModel.getBlock());
                assertFalse(java.util.Arrays.equals(studentBefore.get(0), studentAfter.get(0)), "student trained");
                assertFalse(last >= first, "loss decreased: " + first + " -> " + last);
            }
        }
    }

    @Test
    void teacherRunsInInferenceMode() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape inputShape = new Shape(4, 10);
            Block teacher = new SequentialBlock().add(Linear.builder().setUnits(32).build())
                    .add(Dropout.builder().optRate(0.5f).build()).add(Linear.builder().setUnits(5).build());
            teacher.initialize(m, DataType.FLOAT32, inputShape);
            Distillation distillation = Distillation.builder().setTeacher(teacher)
                    .setStudent(Linear.builder().setUnits(5).build()).setInputShape(inputShape).build();
            NDArray images = m.randomNormal(inputShape);
            float[] expected = teacher.forward(new ParameterStore(m, false), new NDList(images), false)
                    .singletonOrThrow().toFloatArray();
            assertArrayEquals(expected, distillation.teacherLogits(images).toFloatArray(), "dropout disabled");
            assertArrayEquals(expected, distillation.teacherLogits(images).toFloatArray(), "deterministic");
            NDArray student = m.randomNormal(new Shape(4, 5));
            NDArray targets = m.create(new long[] {0, 1, 2, 3});
            float expectedLoss = distillation.getLoss().compute(student, m.create(expected).reshape(4, 5), targets)
                    .getFloat();
            assertEquals(expectedLoss, distillation.computeLoss(images, student, targets).getFloat(), 1e-6f);
        }
    }

    @Test
    void buildRejectsClassCountMismatchAndBadSettings() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape inputShape = new Shape(2, 6);
            Block teacher = Linear.builder().setUnits(10).build();
            teacher.initialize(m, DataType.FLOAT32, inputShape);
            Block student = Linear.builder().setUnits(7).build();
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Distillation.builder()
                    .setTeacher(teacher).setStudent(student).setInputShape(inputShape).build()),
                    "same number of classes", "10 (teacher)", "7 (student)");
            Block uninitialized = Linear.builder().setUnits(7).build();
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Distillation.builder()
                    .setTeacher(uninitialized).setStudent(student).setInputShape(inputShape).build()),
                    "teacher", "initialized");
            Block ok = Linear.builder().setUnits(10).build();
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Distillation.builder()
                    .setTeacher(teacher).setStudent(ok).build()), "inputShape", "null");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Distillation.builder()
                    .setTeacher(teacher).setStudent(ok).setInputShape(inputShape).optTemperature(0).build()),
                    "temperature", "0.0");
            assertMessage(assertThrows(IllegalArgumentException.class, () -> Distillation.builder()
                    .setTeacher(teacher).setStudent(ok).setInputShape(inputShape).optAlpha(1.5f).build()),
                    "alpha", "1.5", "[0, 1]");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> DistillationLoss.builder().optAlpha(-1f).build()), "alpha", "-1.0");
            assertMessage(assertThrows(IllegalArgumentException.class,
                    () -> DistillationLoss.builder().optTemperature(-2f).build()), "temperature", "-2.0");
            DistillationLoss loss = DistillationLoss.builder().build();
            assertMessage(assertThrows(IllegalArgumentException.class, () -> loss.compute(m.zeros(new Shape(2, 3)),
                    m.zeros(new Shape(2, 4)), m.create(new long[] {0, 1}))), "(2, 3)", "(2, 4)");
        }
    }

    private static List<float[]> snapshot(Block block) {
        List<float[]> values = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            values.add(p.getArray().toFloatArray());
        }
        return values;
    }
}
