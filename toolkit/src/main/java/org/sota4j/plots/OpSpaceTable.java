package org.sota4j.plots;

import org.sota4j.augmentation.AugmentOp;
import org.sota4j.augmentation.OpRange;
import org.sota4j.augmentation.OpSpace;

import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows augmentation spaces side by side as a Tablesaw table: one row per {@link AugmentOp}, one column per
 * {@link OpSpace} with the magnitude range from the first to the last bin on a given image size, so that a notebook
 * can compare AutoAugment (Cubuk et al. 2019, arXiv 1805.09501), RandAugment (Cubuk et al. 2020, arXiv 1909.13719)
 * and TrivialAugment Wide (Müller and Hutter 2021, arXiv 2103.10158) as torchvision 0.14 defines them.
 */
public final class OpSpaceTable {

    /** What a cell holds for an op that the space does not contain. */
    public static final String ABSENT = "-";

    private OpSpaceTable() {}

    /**
     * Returns the table of the spaces on a {@code height x width} image: column "op" (torchvision's name), then per
     * space its range "first .. last" (translations in pixels, posterize in bits kept, "+-" when the sign is drawn at
     * random), "on" for ops without magnitude, or {@link #ABSENT}. Rows follow {@link AugmentOp}'s order, only ops
     * present in at least one space. The range does not depend on the number of bins (its ends are bins 0 and last).
     */
    public static Table of(int height, int width, OpSpace... spaces) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be >= 1, got " + height + " x " + width);
        }
        if (spaces == null || spaces.length == 0) {
            throw new IllegalArgumentException("spaces must not be empty, got " + (spaces == null ? "null" : "[]"));
        }
        List<AugmentOp> ops = new ArrayList<>();
        for (AugmentOp op : AugmentOp.values()) {
            for (OpSpace s : spaces) {
                if (find(s, op) != null && !ops.contains(op)) {
                    ops.add(op);
                }
            }
        }
        StringColumn opColumn = StringColumn.create("op");
        ops.forEach(op -> opColumn.append(op.torchvisionName()));
        Table table = Table.create("augmentation spaces on " + height + " x " + width + " images", opColumn);
        for (OpSpace s : spaces) {
            StringColumn c = StringColumn.create(s.name());
            for (AugmentOp op : ops) {
                c.append(range(find(s, op), height, width));
            }
            table.addColumns(c);
        }
        return table;
    }

    /** The range text of one row on a {@code height x width} image (see {@link #of}). */
    public static String range(OpRange row, int height, int width) {
        if (row == null) {
            return ABSENT;
        }
        if (!row.hasBins()) {
            return "on";
        }
        int bins = 31;
        double first = row.magnitude(0, bins, height, width);
        double last = row.magnitude(bins - 1, bins, height, width);
        String unit = switch (row.scale()) {
            case BITS -> " bits";
            case WIDTH, HEIGHT -> " px";
            default -> row.op() == AugmentOp.TRANSLATE_X || row.op() == AugmentOp.TRANSLATE_Y ? " px"
                    : row.op() == AugmentOp.ROTATE ? " deg" : "";
        };
        return format(first) + " .. " + format(last) + unit + (row.signed() ? ", +-" : "");
    }

    private static OpRange find(OpSpace space, AugmentOp op) {
        for (OpRange r : space.rows()) {
            if (r.op() == op) {
                return r;
            }
        }
        return null;
    }

    private static String format(double v) {
        return new BigDecimal(v).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
