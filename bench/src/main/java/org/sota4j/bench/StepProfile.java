package org.sota4j.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import org.sota4j.models.CifarResNet;
import org.sota4j.models.Shortcut;
import org.sota4j.optimizers.Sgd;
import org.sota4j.training.TrainingLoop;

import java.util.Locale;
import java.util.Random;

/**
 * Where the time of one plain training step goes: ResNet-20 at batch 128 on a fresh random batch every step (a
 * fixed batch is memorized and is no throughput test), with the
 * phases of {@code TrainingLoop}'s step timed separately (forward, loss, backward, the loss/accuracy read-back,
 * optimizer step, gradient reset). On the CPU every DJL call returns when its work is done, so wall time per
 * phase is exact. {@code bench/pytorch_step_profile.py} times the same phases in PyTorch.
 *
 * <p>Usage: {@code StepProfile CHANNELS SIZE [STEPS [--channels-last]]} (e.g. {@code 3 32 60}); prints one line
 * per phase in ms. With {@code --channels-last} the batches are laid out channels-last
 * ({@code TrainingLoop.channelsLast}).
 */
public final class StepProfile {

    private StepProfile() {}

    /** Runs the profile; see the class documentation. */
    public static void main(String[] args) {
        int channels = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        boolean channelsLast = args.length > 3 && args[3].equals("--channels-last");
        if (args.length > 4 || (args.length == 4 && !channelsLast)) {
            throw new IllegalArgumentException("usage: StepProfile CHANNELS SIZE [STEPS [--channels-last]], got "
                    + String.join(" ", args));
        }
        int warmup = 10;
        int batch = 128;
        String[] names = {"forward", "loss", "backward", "read-back", "optimizer", "zero grads"};
        double[] total = new double[names.length];
        Engine.getInstance().setRandomSeed(0);
        try (Model model = Model.newInstance("resnet20")) {
            model.setBlock(CifarResNet.builder().optDepth(20).optShortcut(Shortcut.PROJECTION)
                    .optInputChannels(channels).optNumClasses(10).build());
            Tracker lr = Tracker.fixed(0.1f);
            Sgd sgd = Sgd.builder().setLearningRateTracker(lr).optMomentum(0.9f).optWeightDecays(5e-4f).build();
            // the loss TrainingLoop uses by default: softmax cross entropy against one-hot targets
            Loss loss = Loss.softmaxCrossEntropyLoss("loss", 1f, -1, false, true);
            Shape input = new Shape(batch, channels, size, size);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(sgd));
                    NDManager run = model.getNDManager().newSubManager()) {
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, channels, size, size));
                trainer.initialize(new Shape(1, channels, size, size));
                Random random = new Random(0);
                int[] labels = random.ints(batch, 0, 10).toArray();
                byte[] pixels = new byte[(int) input.size()];
                NDArray y = run.create(labels);
                for (int s = 0; s < warmup + steps; s++) {
                    double[] t = new double[names.length];
                    try (NDManager step = run.newSubManager()) {
                        random.nextBytes(pixels);
                        NDArray u8 = step.create(java.nio.ByteBuffer.wrap(pixels), input, DataType.UINT8);
                        NDArray x = u8.toType(DataType.FLOAT32, false).sub(127.5f).div(64f);
                        if (channelsLast) {
                            x = TrainingLoop.channelsLast(x);
                        }
                        long t0 = System.nanoTime();
                        float[] stats;
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(x)).singletonOrThrow();
                            long t1 = System.nanoTime();
                            NDArray l = loss.evaluate(new NDList(y.oneHot(10)), new NDList(logits));
                            long t2 = System.nanoTime();
                            collector.backward(l);
                            long t3 = System.nanoTime();
                            NDArray hits = logits.argMax(1).eq(y.toType(DataType.INT64, false)).sum()
                                    .toType(DataType.FLOAT32, false);
                            stats = NDArrays.stack(new NDList(l.reshape(1), hits.reshape(1))).toFloatArray();
                            long t4 = System.nanoTime();
                            t[0] = t1 - t0;
                            t[1] = t2 - t1;
                            t[2] = t3 - t2;
                            t[3] = t4 - t3;
                        }
                        if (!Float.isFinite(stats[0])) {
                            throw new IllegalStateException("loss is " + stats[0] + " at step " + s);
                        }
                        long t5 = System.nanoTime();
                        trainer.step();
                        long t6 = System.nanoTime();
                        TrainingLoop.zeroGradients(model.getBlock());
                        long t7 = System.nanoTime();
                        t[4] = t6 - t5;
                        t[5] = t7 - t6;
                    }
                    if (s >= warmup) {
                        for (int i = 0; i < names.length; i++) {
                            total[i] += t[i];
                        }
                    }
                }
            }
        }
        double sum = 0;
        for (double v : total) {
            sum += v;
        }
        System.out.println(String.format(Locale.ROOT,
                "djl step profile: ResNet-20, batch %d, %dx%dx%d, %d steps after %d warm-up%s",
                batch, channels, size, size, steps, warmup, channelsLast ? ", channels-last" : ""));
        for (int i = 0; i < names.length; i++) {
            System.out.println(String.format(Locale.ROOT, "  %-11s %8.2f ms", names[i], total[i] / steps / 1e6));
        }
        System.out.println(String.format(Locale.ROOT, "  %-11s %8.2f ms  (%.0f images/s)", "total", sum / steps / 1e6,
                batch / (sum / steps / 1e9)));
    }
}
