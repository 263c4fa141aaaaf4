package org.sota4j.plots;

import org.sota4j.recipe.Recipe;

import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumberColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Shows a Tablesaw table in a notebook: {@link #show} hands the Java kernel (rapaio-jupyter-kernel or IJava) an
 * HTML {@code <table>} together with an aligned plain-text copy, so it reads well in JupyterLab, GitHub's viewer,
 * the HTML export and a terminal. Number columns are formatted by what their name says (see {@link Kind#of}).
 *
 * <pre>{@code
 * Tables.show(history.toTable());   // in a notebook cell
 * System.out.println(Tables.text(result.summary()));   // anywhere else
 * }</pre>
 */
public final class Tables {

    private Tables() {}

    /** How a number column is written, chosen from its name by {@link #of}. */
    public enum Kind {
        /** Whole numbers as they are: {@code 79}. */
        INTEGER,
        /** Accuracies, error rates, confidences and their deltas as percentages: {@code 0.711 -> 71.10%}. */
        PERCENT,
        /** Values already in percent or percentage points, with 2 decimals: {@code 79.354 -> 79.35}. */
        POINTS,
        /** Learning rates and weight decays in scientific notation: {@code 8.068e-7 -> 8.07e-07}. */
        SCIENTIFIC,
        /** Seconds with one decimal: {@code 13.9259 -> 13.9}. */
        SECONDS,
        /** Throughputs (per second) as whole numbers with grouping: {@code 1209.4 -> 1,209}. */
        RATE,
        /** Any other fraction or value (losses, bin edges, norms) with 4 decimals: {@code 0.29851 -> 0.2985}. */
        FRACTION;

        private static final Set<String> PERCENT_WORDS = Set.of("acc", "accuracy", "top1", "top5", "ece", "mce",
                "confidence", "gap", "delta", "error", "agreement");
        private static final Set<String> SCIENTIFIC_WORDS = Set.of("lr", "wd");
        private static final Set<String> SECONDS_WORDS = Set.of("s", "seconds", "sec", "wall", "time");

        /**
         * The kind of a number column by the words of its name (split at anything but letters and digits):
         * a name ending in {@code per s} is a {@link #RATE}; a {@code %}, {@code pp}, {@code pct} or {@code points}
         * (values already in percent) {@link #POINTS}; {@code acc}, {@code accuracy}, {@code top1}, {@code ece},
         * {@code mce}, {@code confidence}, {@code gap}, {@code delta}, {@code error}, {@code agreement}
         * a {@link #PERCENT}; {@code lr}, {@code wd} or {@code weight} with {@code decay} {@link #SCIENTIFIC};
         * {@code s}, {@code seconds}, {@code wall}, {@code time} {@link #SECONDS}; otherwise integer columns
         * {@link #INTEGER} and the rest {@link #FRACTION}. Rename a column to choose another format.
         */
        public static Kind of(String columnName, boolean integral) {
            List<String> words = Arrays.asList(columnName.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
            int n = words.size();
            if (n >= 2 && words.get(n - 1).equals("s") && words.get(n - 2).equals("per")) {
                return RATE;
            }
            if (columnName.contains("%") || words.contains("pp") || words.contains("pct") || words.contains("points")) {
                return integral ? INTEGER : POINTS;
            }
            if (words.stream().anyMatch(PERCENT_WORDS::contains)) {
                return PERCENT;
            }
            if (words.stream().anyMatch(SCIENTIFIC_WORDS::contains)
                    || words.contains("weight") && words.contains("decay")) {
                return SCIENTIFIC;
            }
            if (words.stream().anyMatch(SECONDS_WORDS::contains)) {
                return integral ? INTEGER : SECONDS;
            }
            return integral ? INTEGER : FRACTION;
        }

        NumberColumnFormatter formatter() {
            return switch (this) {
                case INTEGER -> NumberColumnFormatter.ints();
                case PERCENT -> new NumberColumnFormatter(percent(), "");
                case POINTS -> new NumberColumnFormatter(fixed(2, false), "");
                case SCIENTIFIC -> new NumberColumnFormatter(scientific(), "");
                case SECONDS -> new NumberColumnFormatter(fixed(1, false), "");
                case RATE -> new NumberColumnFormatter(fixed(0, true), "");
                case FRACTION -> new NumberColumnFormatter(fixed(4, false), "");
            };
        }
    }

    /**
     * Sets the print formatter of every number column by {@link Kind#of its name}, so that {@link Table#print()},
     * {@link #html} and {@link #text} show rounded numbers; returns the same table.
     */
    public static Table format(Table table) {
        for (Column<?> column : table.columns()) {
            if (column instanceof NumberColumn<?, ?> numbers) {
                boolean integral = column.type().name().matches("INTEGER|LONG|SHORT");
                numbers.setPrintFormatter(Kind.of(column.name(), integral).formatter());
            }
        }
        return table;
    }

    /**
     * The table as HTML: a {@code <table>} with the table's name as caption, a header row, numbers right-aligned
     * and formatted as {@link #format} does, missing values empty.
     */
    public static String html(Table table) {
        format(table);
        StringBuilder sb = new StringBuilder("<table class=\"sota4j-table\">\n");
        if (table.name() != null && !table.name().isEmpty()) {
            sb.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        sb.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            sb.append("<th style=\"text-align: ").append(align(column)).append("\">").append(escape(column.name()))
                    .append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int row = 0; row < table.rowCount(); row++) {
            sb.append("<tr>");
            for (Column<?> column : table.columns()) {
                sb.append("<td style=\"text-align: ").append(align(column)).append("\">")
                        .append(escape(cell(column, row))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    /**
     * The table as aligned plain text: its name, a header, a rule, one line per row; numbers right-aligned and
     * formatted as {@link #format} does, text left-aligned, columns two spaces apart.
     */
    public static String text(Table table) {
        format(table);
        List<Column<?>> columns = table.columns();
        int[] width = new int[columns.size()];
        List<String[]> lines = new ArrayList<>();
        String[] header = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            header[c] = columns.get(c).name();
        }
        lines.add(header);
        for (int row = 0; row < table.rowCount(); row++) {
            String[] line = new String[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                line[c] = cell(columns.get(c), row);
            }
            lines.add(line);
        }
        for (String[] line : lines) {
            for (int c = 0; c < line.length; c++) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        if (table.name() != null && !table.name().isEmpty()) {
            sb.append(table.name()).append('\n');
        }
        for (int i = 0; i < lines.size(); i++) {
            String[] line = lines.get(i);
            StringBuilder out = new StringBuilder();
            for (int c = 0; c < line.length; c++) {
                String pad = " ".repeat(width[c] - line[c].length());
                out.append(c == 0 ? "" : "  ");
                out.append(isNumber(columns.get(c)) ? pad + line[c] : line[c] + pad);
            }
            sb.append(out.toString().stripTrailing()).append('\n');
            if (i == 0) {
                int total = Arrays.stream(width).sum() + 2 * (width.length - 1);
                sb.append("-".repeat(Math.max(total, 0))).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Shows the table in the running notebook as HTML with a plain-text alternative (both kernels keep both and the
     * front end picks); outside a Java kernel prints {@link #text} to standard output. Returns nothing, so a cell
     * that ends with it shows no display id.
     */
    public static void show(Table table) {
        String html = html(table);
        String text = text(table);
        if (!KernelDisplay.publish(html, text)) {
            System.out.print(text);
        }
    }

    /**
     * One row per recipe ({@link Recipe#toRow()}), one typed column per setting in the recipe's order (missing where
     * train.py's value is None), e.g. to show two recipes side by side: {@code show(recipes(List.of(a, b)))}.
     */
    public static Table recipes(List<Recipe> recipes) {
        List<Map<String, Object>> rows = recipes.stream().map(Recipe::toRow).toList();
        List<Column<?>> columns = new ArrayList<>();
        for (Map.Entry<String, Class<?>> e : Recipe.rowTypes().entrySet()) {
            Class<?> type = e.getValue();
            Column<?> c = type == Integer.class ? IntColumn.create(e.getKey()) : type == Long.class
                    ? LongColumn.create(e.getKey()) : type == Double.class ? DoubleColumn.create(e.getKey())
                    : type == Boolean.class ? BooleanColumn.create(e.getKey()) : StringColumn.create(e.getKey());
            for (Map<String, Object> row : rows) {
                Object v = row.get(e.getKey());
                if (v == null) {
                    c.appendMissing();
                } else {
                    c.appendObj(v);
                }
            }
            columns.add(c);
        }
        return Table.create("recipes", columns.toArray(new Column<?>[0]));
    }

    private static String cell(Column<?> column, int row) {
        return column.isMissing(row) ? "" : column.getString(row);
    }

    private static boolean isNumber(Column<?> column) {
        return column instanceof NumberColumn<?, ?>;
    }

    private static String align(Column<?> column) {
        return isNumber(column) ? "right" : "left";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static DecimalFormat fixed(int decimals, boolean grouping) {
        DecimalFormat f = new DecimalFormat(grouping ? "#,##0" : "0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f;
    }

    private static DecimalFormat percent() {
        return new DecimalFormat("0.00%", DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    /** {@code 8.07e-07}, as C's and Python's {@code %.2e} write it. */
    private static java.text.NumberFormat scientific() {
        return new java.text.NumberFormat() {
            @Override
            public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return toAppendTo.append(number == 0 ? "0" : String.format(Locale.ROOT, "%.2e", number));
            }

            @Override
            public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
                return format((double) number, toAppendTo, pos);
            }

            @Override
            public Number parse(String source, java.text.ParsePosition parsePosition) {
                throw new UnsupportedOperationException("a display format only formats");
            }
        };
    }
}
