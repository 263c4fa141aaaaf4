package org.sota4j.experiments;

import org.sota4j.datasets.ImageTensorDataset;
import org.sota4j.plots.Tables;
import org.sota4j.recipe.Recipe;

import tech.tablesaw.api.DoubleColumn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./sota ablate}: runs an {@link Ablation} from the shell and writes its tables (CSV) and plots
 * (PNG) under {@code build/ablations/NAME}.
 *
 * <pre>
 * ./sota ablate --name smoothing --base "--model resnet20 --epochs 5 --lr 0.1 -b 128" \
 *     --variant "ls 0.1=--label-smoothing 0.1" --variant "ls 0.2=--label-smoothing 0.2" --seeds 1,2,3 [--cumulative] \
 *     [--train-per-class 200] [--validation-per-class 100] [--workers 2]
 * </pre>
 * The base is a torchvision {@code train.py} command line (or {@code baseline} / {@code torchvisionV2});
 * each variant is NAME=FLAGS, the flags replacing the base's. The data comes from the profile
 * ({@code --profile smoke|cpu|gpu}, default from the hardware) through
 * {@link ExperimentData#forProfileWithValidation(Profile, int, int)}: a validation split of
 * {@code --validation-per-class} images of each class carved from the training images, on which every choice is made,
 * a class-balanced training subset of {@code --train-per-class} images of each class of the rest (both drawn with seed
 * 0, the same for every run; defaults from the profile), and the profile's test split, on which each trained model is
 * evaluated once. Every variant is checked before the first run trains; {@code runs.csv} is rewritten as each run
 * finishes, and a run that diverges is a row of its own ("diverged: loss became NaN at epoch 2, step 15") while the
 * others go on. With 2 or more seeds the paired deltas against the base ({@link PairedComparison}) are printed and
 * written to {@code paired.csv}. With {@code --workers W}, W runs train at a time, each in a process of its own
 * ({@link Ablation.Builder#optWorkers}).
 */
public final class AblationMain {

    private AblationMain() {}

    /** Runs the command line; exits non-zero with a message on bad arguments. */
    public static void main(String[] args) throws IOException {
        try {
            run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sota ablate: " + e.getMessage());
            System.exit(2);
        }
    }

    static Ablation.Result run(String[] args) throws IOException {
        String name = "ablation";
        String baseSpec = "baseline";
        List<String[]> variants = new ArrayList<>();
        boolean cumulative = false;
        long[] seeds = {42};
        Profile profile = null;
        int perClass = 0;
        int validationPerClass = 0;
        int workers = 1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--name" -> name = value(args, ++i, a);
                case "--base" -> baseSpec = value(args, ++i, a);
                case "--variant" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--variant must be NAME=FLAGS, got '" + v + "'");
                    }
                    variants.add(new String[] {v.substring(0, eq), v.substring(eq + 1)});
                }
                case "--cumulative" -> cumulative = true;
                case "--seeds" -> seeds = seeds(value(args, ++i, a), a);
                case "--profile" -> profile = Profile.parse("--profile", value(args, ++i, a));
                case "--train-per-class" -> perClass = imagesPerClass(value(args, ++i, a), a);
                case "--validation-per-class" -> validationPerClass = imagesPerClass(value(args, ++i, a), a);
                case "--workers" -> workers = positive(value(args, ++i, a), a, "a whole number of processes");
                case "-h", "--help" -> {
                    System.out.println("usage: ./sota ablate --name NAME "
                            + "--base 'TRAIN.PY FLAGS'|baseline|torchvisionV2 "
                            + "--variant 'NAME=FLAGS' ... [--cumulative] [--seeds 1,2,3] [--profile smoke|cpu|gpu] "
                            + "[--train-per-class N] [--validation-per-class M] [--workers W]");
                    return null;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + a + "' (see --help)");
            }
        }
        Recipe base = switch (baseSpec) {
            case "baseline" -> Recipe.baseline();
            case "torchvisionV2" -> Recipe.torchvisionV2();
            default -> Recipe.fromTorchvisionArgs(split(baseSpec));
        };
        Profile p = profile != null ? profile : Profile.current();
        int trainSize = perClass > 0 ? perClass : p.trainImagesPerClass();
        int validationSize = validationPerClass > 0 ? validationPerClass : p.validationImagesPerClass();
        try (ExperimentData data = ExperimentData.forProfileWithValidation(p, trainSize, validationSize)) {
            Path out = Path.of("build", "ablations", name);
            Ablation.Builder b = Ablation.builder().setBase(base).setData(data)
                    .optCumulative(cumulative).optSeeds(seeds).optOutput(out).optWorkers(workers);
            for (String[] v : variants) {
                List<String> flags = split(v[1]);
                b.addVariant(v[0], r -> withFlags(r, flags));
            }
            System.out.println("data: " + data.description() + "; machine: " + RunInfo.describe());
            Ablation.Result result = b.build().run();
            result.write(out, name);
            System.out.print(Tables.text(result.summary()));
            String written = "runs.csv,summary.csv,summary.png,val_acc.png";
            DoubleColumn test = result.runs().doubleColumn("test_acc");
            if (seeds.length >= 2 && result.runs().rowCount() > seeds.length && test.countMissing() < test.size()) {
                PairedComparison paired = result.paired();
                Ablation.writeAtomically(paired.table(), out.resolve("paired.csv"));
                System.out.print(Tables.text(paired.table()));
                paired.sentences().forEach(System.out::println);
                written += ",paired.csv";
            }
            System.out.println("written: " + out.toAbsolutePath() + "/{" + written + "}");
            return result;
        }
    }

    /**
     * Returns the recipe with the given flags (train.py flags or toolkit extras such as {@code --lr-per-iteration
     * true}) replacing its own; the rest of the recipe, extras included, is kept.
     */
    static Recipe withFlags(Recipe recipe, List<String> flags) {
        List<String> baseArgs = recipe.toArgs();
        List<String> replaced = flags.stream().filter(f -> f.startsWith("-"))
                .map(f -> f.contains("=") ? f.substring(0, f.indexOf('=')) : f).toList();
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < baseArgs.size(); i++) {
            String a = baseArgs.get(i);
            boolean hasValue = i + 1 < baseArgs.size() && !baseArgs.get(i + 1).startsWith("--");
            if (a.startsWith("--") && replaced.contains(a)) {
                if (hasValue) {
                    i++;
                }
                continue;
            }
            merged.add(a);
        }
        merged.addAll(flags);
        return Recipe.fromTorchvisionArgs(merged);
    }

    static long[] seeds(String value, String flag) {
        try {
            long[] seeds = Arrays.stream(value.split(",", -1)).map(String::trim).mapToLong(Long::parseLong).toArray();
            if (seeds.length > 0) {
                return seeds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be comma-separated whole numbers (e.g. 1,2,3), got '"
                + value + "'");
    }

    static int imagesPerClass(String value, String flag) {
        return positive(value, flag, "a whole number of images per class");
    }

    private static int positive(String value, String flag, String what) {
        try {
            int v = Integer.parseInt(value);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be " + what + " >= 1, got '" + value + "'");
    }

    private static List<String> split(String s) {
        return Arrays.stream(s.trim().split("\\s+")).filter(t -> !t.isEmpty()).toList();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
