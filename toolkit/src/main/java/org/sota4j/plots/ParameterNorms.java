package org.sota4j.plots;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import org.sota4j.optimizers.WeightDecayGroups;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The size of every trainable parameter of a model (L2 norm and root mean square), labelled with its kind and the
 * weight decay {@link WeightDecayGroups} gives it, to see what weight decay did: decayed weights shrink, exempt
 * BatchNorm scales (torchvision's {@code --norm-weight-decay 0}; Loshchilov &amp; Hutter 2019, arXiv 1711.05101,
 * on how decay interacts with the optimizer) keep their size. Use it after training to compare decay settings.
 */
public final class ParameterNorms {

    /** The column names of {@link #of}, in order. */
    public static final java.util.List<String> COLUMNS =
            java.util.List.of("parameter", "kind", "decay", "elements", "l2_norm", "rms");

    private ParameterNorms() {}

    /**
     * Returns one row per trainable, initialized parameter of {@code block}, in parameter order: its path name, its
     * kind ({@code weight}, {@code bias}, {@code norm_gamma}, {@code norm_beta}, or the DJL type in lower case), its
     * weight decay under {@code groups} (NaN when {@code groups} is null), its element count, L2 norm and RMS.
     *
     * @param block an initialized model
     * @param groups the decay configuration, or {@code null}
     */
    public static Table of(Block block, WeightDecayGroups groups) {
        if (block == null) {
            throw new IllegalArgumentException("block must not be null");
        }
        StringColumn name = StringColumn.create("parameter");
        StringColumn kind = StringColumn.create("kind");
        DoubleColumn decay = DoubleColumn.create("decay");
        LongColumn elements = LongColumn.create("elements");
        DoubleColumn l2 = DoubleColumn.create("l2_norm");
        DoubleColumn rms = DoubleColumn.create("rms");
        for (Pair<String, Parameter> pair : block.getParameters()) {
            Parameter p = pair.getValue();
            if (!p.requiresGradient() || !p.isInitialized()) {
                continue;
            }
            NDArray array = p.getArray();
            long n = array.size();
            double norm;
            try (NDArray f = array.toType(DataType.FLOAT32, true); NDArray sq = f.square(); NDArray sum = sq.sum()) {
                norm = Math.sqrt(sum.getFloat());
            }
            name.append(pair.getKey());
            kind.append(kindOf(p.getType()));
            decay.append(groups == null ? Double.NaN : groups.decayOf(p));
            elements.append(n);
            l2.append(norm);
            rms.append(n == 0 ? Double.NaN : norm / Math.sqrt(n));
        }
        return Table.create("parameter norms", name, kind, decay, elements, l2, rms);
    }

    private static String kindOf(Parameter.Type type) {
        if (type == Parameter.Type.GAMMA) {
            return "norm_gamma";
        }
        if (type == Parameter.Type.BETA) {
            return "norm_beta";
        }
        if (type == Parameter.Type.BIAS) {
            return "bias";
        }
        if (type == Parameter.Type.WEIGHT) {
            return "weight";
        }
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
