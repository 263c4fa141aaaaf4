package org.sota4j.recipe;

import java.util.List;
import java.util.function.Predicate;

/**
 * One row of {@link Recipe}'s settings table: where its flag lives (torchrun, train.py, or a toolkit extra), the
 * flag and the Java name, the type, the default, the valid values and the values {@link RecipeRunner} cannot train.
 * Recipe's values, validation, rows and {@link TrainPyCommandLine} (both ways) all read these rows.
 */
final class RecipeSetting<T> {

    enum Kind { TORCHRUN, TRAIN_PY, EXTRA }

    /** The valid values of a setting and how its error message names them ("must be ..."). */
    record Check<T>(String expected, Predicate<? super T> ok) {}

    static final Check<Object> ANY = new Check<>("any value", v -> true);
    static final Check<Double> POSITIVE = new Check<>("a finite number > 0", v -> v > 0 && !v.isInfinite());
    static final Check<Double> NON_NEGATIVE = new Check<>("a finite number >= 0", v -> v >= 0 && !v.isInfinite());
    static final Check<Double> BELOW_ONE = new Check<>("in [0, 1)", v -> v >= 0 && v < 1);
    static final Check<Double> UNIT = new Check<>("in [0, 1]", v -> v >= 0 && v <= 1);

    static Check<Integer> atLeast(int min) {
        return new Check<>(">= " + min, v -> v >= min);
    }

    static Check<Integer> between(int min, int max, String note) {
        return new Check<>("in [" + min + ", " + max + "]" + note, v -> v >= min && v <= max);
    }

    final int index;
    final Kind kind;
    final String flag;
    final String name;
    final Class<T> type;
    final T defaultValue;
    final boolean nullable;
    final Check<? super T> check;
    Predicate<Recipe> unhonoured = r -> false;
    String why;

    /** Appends a setting to {@code table}; its index is its position there. */
    RecipeSetting(List<RecipeSetting<?>> table, Kind kind, String flag, String name, Class<T> type, T defaultValue,
            boolean nullable, Check<? super T> check) {
        this.index = table.size();
        this.kind = kind;
        this.flag = flag;
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.nullable = nullable;
        this.check = check;
        table.add(this);
    }

    /** Declares when {@link RecipeRunner} cannot train the setting's value, and why (see {@link Recipe#unhonoured}). */
    RecipeSetting<T> unhonouredWhen(Predicate<Recipe> when, String why) {
        this.unhonoured = when;
        this.why = why;
        return this;
    }

    /** Throws, naming the setting, the value and what was expected, unless {@code value} is valid. */
    void validate(Object value) {
        if (value == null ? !nullable : !check.ok().test(type.cast(value))) {
            throw new IllegalArgumentException(name + " must be " + (value == null ? "not null" : check.expected())
                    + ", got " + (value instanceof String ? "'" + value + "'" : value));
        }
    }
}
