package org.sota4j.training;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a training run: a bar with ETA redrawn in place on a terminal, one compact line per
 * epoch elsewhere (notebooks, logs, CI). The loop makes it ({@code TrainingLoop.Builder.optProgress});
 * {@link #duration} is how every wall time of the toolkit is written.
 */
public final class ProgressBar {

    private final PrintStream out;
    private final int epochs;
    private final boolean terminal;
    private int epoch;
    private int batches;
    private long epochStart;
    private long lastDraw;

    ProgressBar(PrintStream out, int epochs) {
        this.out = out;
        this.epochs = epochs;
        this.terminal = System.console() != null && out == System.out;
    }

    void epochBegin(int epoch, int batches) {
        this.epoch = epoch;
        this.batches = batches;
        this.epochStart = System.nanoTime();
    }

    void batchDone(int batch, double meanLoss) {
        if (out == null || !terminal) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 200_000_000L && batch < batches) {
            return;
        }
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        double eta = batch == 0 ? 0 : elapsed / batch * (batches - batch);
        int width = 30;
        int filled = (int) Math.round(width * (double) batch / batches);
        out.printf(Locale.ROOT, "\repoch %d/%d [%s%s] %d/%d loss %.4f ETA %s ", epoch, epochs, "=".repeat(filled),
                " ".repeat(width - filled), batch, batches, meanLoss, duration(eta));
        out.flush();
    }

    void epochDone(History.Row row) {
        if (out == null) {
            return;
        }
        if (terminal) {
            out.print("\r");
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "epoch %d/%d  loss %.4f  acc %.4f", row.epoch(), epochs, row.trainLoss(), row.trainAcc()));
        if (!Double.isNaN(row.valAcc())) {
            line.append(String.format(Locale.ROOT, "  val_loss %.4f  val_acc %.4f", row.valLoss(), row.valAcc()));
        }
        row.metrics().forEach((name, value) -> line.append(String.format(Locale.ROOT, "  %s %.4f", name, value)));
        line.append(String.format(Locale.ROOT, "  lr %.4g  %.0f img/s  %s", row.lr(), row.imagesPerSecond(),
                duration(row.wallSeconds())));
        int pad = terminal ? Math.max(0, 100 - line.length()) : 0;
        out.println(line + " ".repeat(pad));
        out.flush();
    }

    /** Formats seconds as m:ss, or h:mm:ss from an hour on. */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
