package org.sota4j.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.tracker.Tracker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.sota4j.datasets.Datasets;
import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.metrics.Evaluation;
import org.sota4j.weights.ModelEma;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The history's columns are the base ones plus what the running hooks measure, and they survive a resume. */
class HistoryColumnsTest {

    private static final float[] HALF = {0.5f};
    private static ImageTensorDataset full;
    private static ImageTensorDataset train;
    private static ImageTensorDataset test;

    @BeforeAll
    static void load() {
        full = Datasets.fashionMnistEmbedded(Usage.TRAIN);
        train = full.balancedSubset(100, 1);
        test = full.subset(IntStream.range(9000, 9500).toArray(), "held-out 500");
    }

    @AfterAll
    static void close() {
        train.close();
        test.close();
        full.close();
    }

    /** Reports two metrics of its own per epoch: the steps of the epochs before and the epoch squared. */
    static final class Counting implements TrainingHook {
        @Override
        public Map<String, Double> epochMetrics(TrainingLoop.Context context) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("steps_before", (double) (context.getStep() - context.getStepsPerEpoch()));
            m.put("epoch_squared", (double) context.getEpoch() * context.getEpoch());
            return m;
        }
    }

    /** An EMA of decay 0.9 per step (torchvision's adjustment would make it 0 for these short runs). */
    private static EmaHook ema() {
        return new EmaHook(c -> ModelEma.builder().setBlock(c.getBlock()).optDecay(0.9).optUpdateEvery(1).build());
    }

    private static TrainingLoop.Builder loop(Model model) {
        model.setBlock(TrainingLoopTest.smallCnn());
        return TrainingLoop.builder().setModel(model).setTrainData(train).setEpochs(2).optBatchSize(50)
                .optLearningRate(Tracker.fixed(0.02f)).optProgress(null);
    }

    @Test
    void withoutHooksTheTableHasTheBaseColumnsOnly() {
        try (Model model = Model.newInstance("plain")) {
            History h = loop(model).optValidationData(test).setEpochs(1).build().fit();
            assertEquals(History.BASE_COLUMNS, h.toTable().columnNames());
            assertEquals(List.of(), h.metricNames());
            assertEquals(Double.NaN, h.last().metric(EmaHook.COLUMN));
        }
    }

    /** EmaHook adds ema_val_acc, the accuracy of the averaged weights (not the live ones); none without validation. */
    @Test
    void emaHookAddsItsOwnColumn() {
        try (Model model = Model.newInstance("ema"); EmaHook ema = ema()) {
            History h = loop(model).optValidationData(test).addHook(ema).build().fit();
            List<String> expected = new ArrayList<>(History.BASE_COLUMNS);
            expected.add(expected.indexOf("images_per_s"), EmaHook.COLUMN);
            assertEquals(expected, h.toTable().columnNames());
            double averaged = ema.validateWithEma(() -> Evaluation.accuracy(model, test, HALF, HALF, null));
            assertEquals(averaged, h.last().metric(EmaHook.COLUMN), 1.0 / 500 + 1e-12);
            assertEquals(h.last().metric(EmaHook.COLUMN), h.toTable().doubleColumn(EmaHook.COLUMN).getDouble(1));
            assertNotEquals(h.last().valAcc(), h.last().metric(EmaHook.COLUMN), "EMA and live weights agree");
        }
        try (Model model = Model.newInstance("ema, no validation"); EmaHook ema = ema()) {
            History h = loop(model).setEpochs(1).addHook(ema).build().fit();
            assertEquals(History.BASE_COLUMNS, h.toTable().columnNames());
        }
    }

    @Test
    void hookMetricsKeepTheirOrderAndSurviveResume(@TempDir Path dir) {
        History uninterrupted;
        try (Model model = Model.newInstance("a"); EmaHook ema = ema()) {
            uninterrupted = loop(model).optValidationData(test).setEpochs(3).addHook(new Counting())
                    .addHook(ema).build().fit();
        }
        List<String> expected = new ArrayList<>(History.BASE_COLUMNS.subList(0, 7));
        expected.addAll(List.of("steps_before", "epoch_squared", EmaHook.COLUMN, "images_per_s", "wall_s"));
        assertEquals(expected, uninterrupted.columns());
        assertEquals(expected, uninterrupted.toTable().columnNames());
        for (History.Row r : uninterrupted.rows()) {
            assertEquals(20.0 * (r.epoch() - 1), r.metric("steps_before"), "1,000 images in batches of 50");
            assertEquals((double) r.epoch() * r.epoch(), r.metric("epoch_squared"));
        }
        try (Model model = Model.newInstance("b"); EmaHook ema = ema()) {
            loop(model).optValidationData(test).setEpochs(3).addHook(new Counting())
                    .addHook(ema).optCheckpointDir(dir).optStopAfterEpoch(2).build().fit();
        }
        History resumed;
        try (Model model = Model.newInstance("c"); EmaHook ema = ema()) {
            resumed = loop(model).optValidationData(test).setEpochs(3).addHook(new Counting())
                    .addHook(ema).optCheckpointDir(dir).optResume(true).build().fit();
        }
        assertEquals(expected, resumed.toTable().columnNames());
        for (int e = 0; e < 3; e++) {
            History.Row a = uninterrupted.rows().get(e);
            History.Row b = resumed.rows().get(e);
            assertEquals(a.metrics(), b.metrics(), "epoch " + (e + 1));
            assertEquals(a.trainLoss(), b.trainLoss(), "epoch " + (e + 1));
            assertEquals(a.valAcc(), b.valAcc(), "epoch " + (e + 1));
            assertEquals(a.lr(), b.lr(), "epoch " + (e + 1));
        }
    }

    @Test
    void aMetricNameTakenIsRefused() {
        TrainingHook lr = new TrainingHook() {
            @Override
            public Map<String, Double> epochMetrics(TrainingLoop.Context context) {
                return Map.of("lr", 1.0);
            }
        };
        try (Model model = Model.newInstance("taken")) {
            var e = assertThrows(IllegalStateException.class, () -> loop(model).setEpochs(1).addHook(lr).build().fit());
            assertEquals("hook " + lr.getClass().getName() + " reports metric 'lr', expected a non-blank name that "
                    + "is not one of " + History.BASE_COLUMNS + " nor one of the earlier hooks' []", e.getMessage());
        }
        try (Model model = Model.newInstance("twice")) {
            var e = assertThrows(IllegalStateException.class,
                    () -> loop(model).setEpochs(1).addHook(new Counting()).addHook(new Counting()).build().fit());
            assertEquals("hook " + Counting.class.getName() + " reports metric 'steps_before', expected a non-blank "
                    + "name that is not one of " + History.BASE_COLUMNS + " nor one of the earlier hooks' "
                    + "[steps_before, epoch_squared]", e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new History.Row(1, 1, 0.1, 1, 0.5, 1, 0.5, 10, 1,
                Map.of("val_acc", 0.5)));
        assertEquals("metric name must be non-blank and not one of " + History.BASE_COLUMNS + ", got 'val_acc'",
                e.getMessage());
    }

    /** The checkpoint's plain CSV gives every value back, NaN and hook metrics included; bad files are named. */
    @Test
    void csvRoundTripsEveryValue(@TempDir Path dir) throws java.io.IOException {
        History h = new History("resnet20");
        h.add(new History.Row(1, 10, 0.09874683618545532, 2.302585092994046, 0.1234, Double.NaN, Double.NaN,
                760.2724581535422, 1.25, Map.of("ema_val_acc", 0.5)));
        h.add(new History.Row(2, 20, 8.068e-7, 1.0, 0.5, 0.9, 0.6, 1000, 2.5, Map.of("ema_val_acc", 0.55)));
        Path file = dir.resolve("history.csv");
        h.writeCsv(file);
        List<String> lines = java.nio.file.Files.readAllLines(file);
        assertEquals("epoch,step,lr,train_loss,train_acc,val_loss,val_acc,ema_val_acc,images_per_s,wall_s",
                lines.get(0));
        assertEquals("1,10,0.09874683618545532,2.302585092994046,0.1234,NaN,NaN,0.5,760.2724581535422,1.25",
                lines.get(1));
        History back = History.readCsv(file, "resnet20");
        assertEquals(h.rows(), back.rows());
        assertEquals(h.columns(), back.columns());
        java.nio.file.Files.writeString(file, "epoch,step,lr\n1,2,0.1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> History.readCsv(file, "x"));
        assertEquals("history file " + file + " must have column train_loss, got [epoch, step, lr]", e.getMessage());
        java.nio.file.Files.writeString(file, lines.get(0) + "\n1,10,fast,2,0.1,,,0.5,760,1.25\n");
        e = assertThrows(IllegalArgumentException.class, () -> History.readCsv(file, "x"));
        assertEquals("column lr on line 2 of " + file + " must be a number, got 'fast'", e.getMessage());
        java.nio.file.Files.writeString(file, lines.get(0) + "\n1,10,0.1,2,0.1,,,0.5,760,1.25\n");
        assertEquals(Double.NaN, History.readCsv(file, "x").last().valAcc(), "an empty cell reads as NaN");
    }
}
