package org.sota4j.plots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.sota4j.training.History;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class TablesTest {

    private static Table runs() {
        return Table.create("runs & <seeds>",
                StringColumn.create("variant", "base", "label smoothing"),
                IntColumn.create("epoch", 3, 12),
                DoubleColumn.create("val_acc", 0.71100000001, 0.03574999999999995),
                DoubleColumn.create("lr", 8.068416832429648e-7, 0.1),
                DoubleColumn.create("wall_s", 13.925903323, 7.04),
                DoubleColumn.create("images_per_s", 1209.4, 760.27),
                DoubleColumn.create("train_loss", 0.6007893359184265, Double.NaN));
    }

    @Test
    void kindsFollowTheColumnNames() {
        assertEquals(Tables.Kind.PERCENT, Tables.Kind.of("val_acc", false));
        assertEquals(Tables.Kind.PERCENT, Tables.Kind.of("Std. Deviation [test_acc]", false));
        assertEquals(Tables.Kind.PERCENT, Tables.Kind.of("delta_vs_first", false));
        assertEquals(Tables.Kind.PERCENT, Tables.Kind.of("ece", false));
        // already in percent or points: not multiplied by 100 again
        assertEquals(Tables.Kind.POINTS, Tables.Kind.of("our delta pp", false));
        assertEquals(Tables.Kind.POINTS, Tables.Kind.of("blog top-1 %", false));
        assertEquals(Tables.Kind.POINTS, Tables.Kind.of("gain_points", false));
        assertEquals(Tables.Kind.SCIENTIFIC, Tables.Kind.of("lr", false));
        assertEquals(Tables.Kind.SCIENTIFIC, Tables.Kind.of("weight_decay", false));
        assertEquals(Tables.Kind.SECONDS, Tables.Kind.of("wall_s_mean", false));
        assertEquals(Tables.Kind.RATE, Tables.Kind.of("images_per_s", false));
        assertEquals(Tables.Kind.SECONDS, Tables.Kind.of("wall_s per run", false));
        assertEquals(Tables.Kind.POINTS, Tables.Kind.of("steps_clipped_pct", false));
        assertEquals(Tables.Kind.FRACTION, Tables.Kind.of("train_loss", false));
        assertEquals(Tables.Kind.FRACTION, Tables.Kind.of("ema_decay", false));
        assertEquals(Tables.Kind.INTEGER, Tables.Kind.of("seeds", true));
    }

    @Test
    void htmlIsATableWithAHeaderCellPerColumnAndRightAlignedFormattedNumbers() {
        String html = Tables.html(runs());
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<caption>runs &amp; &lt;seeds&gt;</caption>"), html);
        List<String> headers = all(html, "<th style=\"text-align: (\\w+)\">([^<]*)</th>");
        assertEquals(List.of("left variant", "right epoch", "right val_acc", "right lr", "right wall_s",
                "right images_per_s", "right train_loss"), headers);
        List<String> cells = all(html, "<td style=\"text-align: (\\w+)\">([^<]*)</td>");
        assertEquals(List.of("left base", "right 3", "right 71.10%", "right 8.07e-07", "right 13.9", "right 1,209",
                "right 0.6008",
                "left label smoothing", "right 12", "right 3.57%", "right 1.00e-01", "right 7.0", "right 760",
                "right "), cells);
        assertEquals(2, html.split("<tr>", -1).length - 2, "a header row and two body rows expected: " + html);
    }

    @Test
    void pointsKeepTheirScale() {
        Table t = Table.create("chain", StringColumn.create("step", "a"), DoubleColumn.create("our delta pp", -13.0),
                DoubleColumn.create("blog top-1 %", 79.354));
        assertTrue(Tables.html(t).contains(">-13.00</td><td style=\"text-align: right\">79.35</td>"), Tables.html(t));
    }

    @Test
    void textIsAlignedWithNumbersRightAndTextLeft() {
        String text = Tables.text(runs());
        String[] lines = text.split("\n");
        assertEquals("runs & <seeds>", lines[0]);
        assertEquals("variant          epoch  val_acc        lr  wall_s  images_per_s  train_loss", lines[1]);
        assertEquals("-".repeat(lines[1].length()), lines[2]);
        assertEquals("base                 3   71.10%  8.07e-07    13.9         1,209      0.6008", lines[3]);
        assertEquals("label smoothing     12    3.57%  1.00e-01     7.0           760", lines[4]);
        assertEquals(5, lines.length);
    }

    @Test
    void historyTablesAreFormattedAndNoLongDecimalsReachTheirText() {
        History h = new History("resnet20");
        h.add(new History.Row(1, 79, 0.09874683618545532, 1.3127067321777344, 0.5081, 11.336546875, 0.1875,
                760.2724581535422, 13.925903323, java.util.Map.of()));
        String text = Tables.text(h.toTable());
        assertTrue(text.contains("9.87e-02") && text.contains("18.75%") && text.contains("11.3365")
                && text.contains("13.9") && text.contains("760"), text);
        assertFalse(Pattern.compile("\\d\\.\\d{5,}").matcher(text).find(), text);
        Table formatted = Tables.format(h.toTable());
        assertFalse(Pattern.compile("\\d\\.\\d{5,}").matcher(formatted.print()).find(), formatted.print());
        assertEquals("History[resnet20, 1 epochs; epoch 1: train_loss 1.3127, train_acc 0.5081, val_loss 11.3365, "
                + "val_acc 0.1875]", h.toString());
    }

    @Test
    void outsideAKernelShowPrintsTheText() {
        var out = new java.io.ByteArrayOutputStream();
        var old = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Tables.show(runs());
        } finally {
            System.setOut(old);
        }
        assertEquals(Tables.text(runs()), out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static List<String> all(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2));
        }
        return out;
    }
}
