package org.sota4j.experiments;

import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * The run size of the notebooks and ablations: one setting, chosen with {@code ./sota run --profile},
 * the system property {@code sota4j.profile} or the environment variable {@code SOTA4J_PROFILE}, so
 * that the same notebook runs tiny in CI, small on a laptop and full on a GPU.
 */
public enum Profile {
    /** CI on 2 CPU cores: tiny subsets, under two minutes a notebook, sanity assertions only. */
    SMOKE,
    /** A real small run on a laptop-class CPU: minutes to tens of minutes. */
    CPU,
    /** Full CIFAR-10 on one GPU, long enough to show the papers' direction of effect. */
    GPU;

    /** The system property that selects the profile. */
    public static final String PROPERTY = "sota4j.profile";
    /** The environment variable that selects the profile. */
    public static final String ENV = "SOTA4J_PROFILE";

    /**
     * Returns the profile chosen by the system property, else the environment variable, else the
     * hardware: {@link #GPU} when DJL sees a GPU, {@link #CPU} otherwise.
     *
     * @throws IllegalArgumentException when the setting names no profile
     */
    public static Profile current() {
        String value = System.getProperty(PROPERTY);
        String source = PROPERTY;
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
            source = ENV;
        }
        if (value == null || value.isBlank()) {
            return Engine.getInstance().getGpuCount() > 0 ? GPU : CPU;
        }
        return parse(source, value);
    }

    /** Parses a profile name, case-insensitively. */
    public static Profile parse(String source, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be one of smoke, cpu, gpu; got '" + value + "'", e);
        }
    }

    /** Returns the value for this profile: {@code smoke}, {@code cpu} or {@code gpu}. */
    public <T> T pick(T smoke, T cpu, T gpu) {
        return switch (this) {
            case SMOKE -> smoke;
            case CPU -> cpu;
            case GPU -> gpu;
        };
    }

    /** Returns the value for this profile, as {@link #pick(Object, Object, Object)} for ints. */
    public int pick(int smoke, int cpu, int gpu) {
        return this == SMOKE ? smoke : this == CPU ? cpu : gpu;
    }

    /**
     * Returns the training images per class of {@link ExperimentData#forProfileWithValidation(Profile)}, a
     * class-balanced subset of what is left of the training split after the validation carve: smoke 200 (the 2,000
     * images {@link ExperimentData#forProfile} trains on), cpu 200 (2,000 Fashion-MNIST images, few enough that a
     * CPU budget can train a base model until it fits them and regularizers have a gap to close; a starting value,
     * to be confirmed by measurement), gpu 4,500 (all CIFAR-10 training images left after the carve).
     */
    public int trainImagesPerClass() {
        return pick(200, 200, 4500);
    }

    /**
     * Returns the validation images per class that {@link ExperimentData#forProfileWithValidation(Profile)} carves
     * out of the training split for every choice a run makes (best epoch, early stopping, a tuned value): smoke 50
     * (500 images, as many as the smoke test split), cpu 100 (1,000 of the embedded subset's 10,000), gpu 500
     * (5,000 of CIFAR-10's 50,000).
     */
    public int validationImagesPerClass() {
        return pick(50, 100, 500);
    }

    /**
     * Returns where a notebook writes the raw results of its ablation (one row per trained model), relative to the
     * notebook's folder: {@code results/NAME.csv} in the cpu profile (the file committed beside the notebook),
     * {@code results/NAME-gpu.csv} in the gpu profile, {@code results/smoke/NAME.csv} in smoke (CI, not committed),
     * so that a smoke run never overwrites the committed numbers.
     *
     * @param name the notebook's results name, e.g. {@code 05-label-smoothing}
     * @throws IllegalArgumentException when the name is blank or holds a path separator
     */
    public java.nio.file.Path resultsFile(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("name must be a plain file name such as 05-label-smoothing, got '"
                    + name + "'");
        }
        return switch (this) {
            case SMOKE -> java.nio.file.Path.of("results", "smoke", name + ".csv");
            case CPU -> java.nio.file.Path.of("results", name + ".csv");
            case GPU -> java.nio.file.Path.of("results", name + "-gpu.csv");
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
