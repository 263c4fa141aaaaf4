package org.sota4j.recipe;

import org.sota4j.recipe.RecipeSetting.Kind;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Recipe} to and from torchvision's {@code torchrun --nproc_per_node=P train.py --flag value ...}, read off
 * the recipe's settings table: train.py's flags as train.py spells them (booleans as bare flags), toolkit extras
 * always as {@code --name value}.
 */
final class TrainPyCommandLine {

    /** train.py flags that describe the run's environment, not the recipe: accepted, ignored (1: takes a value). */
    private static final Map<String, Integer> ENVIRONMENT_FLAGS = Map.ofEntries(
            Map.entry("data-path", 1), Map.entry("output-dir", 1), Map.entry("device", 1),
            Map.entry("workers", 1), Map.entry("print-freq", 1), Map.entry("dist-url", 1),
            Map.entry("world-size", 1), Map.entry("resume", 1), Map.entry("start-epoch", 1),
            Map.entry("cache-dataset", 0), Map.entry("backend", 1), Map.entry("use-v2", 0));

    private static final Map<String, String> ALIASES = Map.of("b", "batch-size", "wd", "weight-decay", "j", "workers");

    private static final Map<String, RecipeSetting<?>> BY_FLAG = new LinkedHashMap<>();

    static {
        for (RecipeSetting<?> s : Recipe.SETTINGS) {
            if (s.kind != Kind.TORCHRUN) {
                BY_FLAG.put(s.flag, s);
            }
        }
    }

    private TrainPyCommandLine() {}

    /** torchrun, then every setting of the given kinds that differs from its default, in the table's order. */
    static List<String> write(Recipe recipe, boolean extras) {
        List<String> args = new ArrayList<>(List.of("torchrun", "--nproc_per_node=" + recipe.getProcesses(),
                "train.py"));
        for (Kind kind : extras ? List.of(Kind.TRAIN_PY, Kind.EXTRA) : List.of(Kind.TRAIN_PY)) {
            for (RecipeSetting<?> s : Recipe.SETTINGS) {
                if (s.kind != kind || recipe.isDefault(s)) {
                    continue;
                }
                Object value = recipe.value(s);
                args.add("--" + s.flag);
                if (s.type != Boolean.class || kind == Kind.EXTRA) {
                    args.add(format(value));
                } else if (!(Boolean) value) {
                    throw new IllegalStateException("flag --" + s.flag + " cannot be unset");
                }
            }
        }
        return args;
    }

    /** Parses a command line as {@link Recipe#fromTorchvisionArgs(List)} describes. */
    static Recipe read(List<String> args) {
        Recipe.Builder builder = Recipe.builder();
        int i = 0;
        if (i < args.size() && (args.get(i).equals("torchrun") || args.get(i).startsWith("python"))) {
            boolean torchrun = args.get(i).equals("torchrun");
            for (i++; i < args.size() && !args.get(i).endsWith(".py"); i++) {
                String token = args.get(i);
                if (!torchrun) {
                    throw new IllegalArgumentException(
                            "expected the train.py script after " + args.get(0) + ", got " + token);
                }
                String key = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
                if (!key.equals("--nproc_per_node") && !key.equals("--nproc-per-node")) {
                    throw new IllegalArgumentException(
                            "unknown torchrun option " + key + " (only --nproc_per_node is read)");
                }
                if (!token.contains("=") && i + 1 >= args.size()) {
                    throw new IllegalArgumentException("torchrun option " + key + " needs a value");
                }
                String value = token.contains("=") ? token.substring(token.indexOf('=') + 1) : args.get(++i);
                builder.set(Recipe.PROCESSES, parse(key, Integer.class, value));
            }
            if (i >= args.size()) {
                throw new IllegalArgumentException("expected a train.py script, got none in " + args);
            }
            i++; // the script
        } else if (i < args.size() && args.get(i).endsWith(".py")) {
            i++;
        }
        for (; i < args.size(); i++) {
            String token = args.get(i);
            if (!token.startsWith("-")) {
                throw new IllegalArgumentException("expected a flag, got '" + token + "'");
            }
            String key = token.replaceFirst("^--?", "");
            String value = null;
            if (key.contains("=")) {
                value = key.substring(key.indexOf('=') + 1);
                key = key.substring(0, key.indexOf('='));
            }
            key = ALIASES.getOrDefault(key, key);
            RecipeSetting<?> setting = BY_FLAG.get(key);
            if (setting == null && !ENVIRONMENT_FLAGS.containsKey(key)) {
                throw new IllegalArgumentException("unknown train.py flag " + token.split("=")[0]
                        + " (not a setting of this Recipe; toolkit extras: " + Recipe.extraNames() + ")");
            }
            boolean takesValue = setting != null
                    ? setting.type != Boolean.class || setting.kind == Kind.EXTRA
                    : ENVIRONMENT_FLAGS.get(key) == 1;
            if (takesValue && value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("flag --" + key + " needs a value");
                }
                value = args.get(++i);
            } else if (!takesValue && value != null) {
                throw new IllegalArgumentException("flag --" + key + " takes no value, got '" + value + "'");
            }
            if (setting != null) {
                builder.set(setting, takesValue ? parse("--" + key, setting.type, value) : Boolean.TRUE);
            }
        }
        return builder.build();
    }

    private static Object parse(String flag, Class<?> type, String value) {
        try {
            if (type == Integer.class) {
                return Integer.parseInt(value);
            } else if (type == Double.class) {
                return Double.parseDouble(value);
            } else if (type == Long.class) {
                return Long.parseLong(value);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be " + (type == Double.class ? "a number" : "an integer")
                    + ", got '" + value + "'", e);
        }
        if (type == String.class) {
            return value;
        } else if (type == Boolean.class) {
            if (!value.equals("true") && !value.equals("false")) {
                throw new IllegalArgumentException(flag + " must be true or false, got '" + value + "'");
            }
            return Boolean.valueOf(value);
        }
        List<String> allowed = new ArrayList<>();
        for (Object constant : type.getEnumConstants()) {
            if (((Recipe.Arg) constant).arg().equalsIgnoreCase(value)) {
                return constant;
            }
            allowed.add(((Recipe.Arg) constant).arg());
        }
        throw new IllegalArgumentException(flag + " must be one of " + allowed + ", got '" + value + "'");
    }

    /** Python-like number text that parses back to the same double ({@code 2e-5} as 0.00002); enums as their arg. */
    static String format(Object value) {
        if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            String s = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            return s.contains(".") ? s : s + ".0";
        }
        return value instanceof Recipe.Arg a ? a.arg() : String.valueOf(value);
    }
}
