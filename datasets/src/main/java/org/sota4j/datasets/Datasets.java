package org.sota4j.datasets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The datasets of the notebooks, each decoded once into an {@link ImageTensorDataset}.
 *
 * <p>Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv 1708.07747) is read from the folder the caller
 * names, and only from it; without one it is looked for in order in the folder in the environment variable
 * {@code SOTA4J_DATA} (or its {@code fashion-mnist} sub-folder), {@code /usr/share/datasets/fashion-mnist}
 * (Debian's package {@code dataset-fashion-mnist}), then DJL's downloader. The dataset's name says the folder
 * it was read from. {@link #fashionMnistEmbedded(Usage)} needs
 * nothing: a class-balanced subset (10,000 train, 2,000 test) ships in this jar. CIFAR-10
 * (Krizhevsky 2009) is read from an ImageFolder layout ({@code train/<class>/*.jpg}) or downloaded by DJL.
 */
public final class Datasets {

    /** Fashion-MNIST's class names, indexed by label. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** CIFAR-10's class names, indexed by label. */
    public static final List<String> CIFAR10_CLASSES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    /** Mean of Fashion-MNIST's training pixels scaled to [0, 1] (for normalization). */
    public static final float[] FASHION_MNIST_MEAN = {0.2860f};
    /** Standard deviation of Fashion-MNIST's training pixels scaled to [0, 1]. */
    public static final float[] FASHION_MNIST_STD = {0.3530f};
    /** Per-channel mean of CIFAR-10's training pixels scaled to [0, 1] (R, G, B). */
    public static final float[] CIFAR10_MEAN = {0.4914f, 0.4822f, 0.4465f};
    /** Per-channel standard deviation of CIFAR-10's training pixels scaled to [0, 1] (R, G, B). */
    public static final float[] CIFAR10_STD = {0.2470f, 0.2435f, 0.2616f};

    /** The environment variable naming a folder of datasets. */
    public static final String DATA_ENV = "SOTA4J_DATA";

    static final Path DEBIAN_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");
    private static final String EMBEDDED = "/org/sota4j/datasets/fashion-mnist/";

    private Datasets() {}

    /**
     * Returns the class-balanced Fashion-MNIST subset embedded in this jar: the first 1,000 training
     * and first 200 test images of each class, in the original order (see {@code *-indices.txt}).
     */
    public static ImageTensorDataset fashionMnistEmbedded(Usage usage) {
        String prefix = idxPrefix(usage);
        IdxFile images = readResource(EMBEDDED + prefix + "-images-idx3-ubyte.gz");
        IdxFile labels = readResource(EMBEDDED + prefix + "-labels-idx1-ubyte.gz");
        return fromIdx("Fashion-MNIST " + usageName(usage) + " (embedded subset)", images, labels);
    }

    /** Returns the original indices, in the full dataset, of the embedded subset's images. */
    public static int[] fashionMnistEmbeddedIndices(Usage usage) {
        String path = EMBEDDED + idxPrefix(usage) + "-indices.txt";
        try (InputStream in = Datasets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new DatasetFormatException("resource " + path + " is missing from the datasets jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines()
                    .mapToInt(Integer::parseInt).toArray();
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read resource " + path + ": " + e, e);
        }
    }

    /** Returns the full Fashion-MNIST split, searched as described in the class documentation. */
    public static ImageTensorDataset fashionMnist(Usage usage) {
        return fashionMnist(usage, null);
    }

    /**
     * Returns the full Fashion-MNIST split from {@code folder}, or, when it is {@code null}, from the places the
     * class documentation lists. The name of the dataset ({@link ImageTensorDataset#getName()}) ends with the
     * folder read, e.g. {@code Fashion-MNIST test (/usr/share/datasets/fashion-mnist)}.
     *
     * @param usage TRAIN or TEST
     * @param folder a folder holding the split's two IDX files (gzip'd or not), or {@code null} to search
     * @throws DatasetNotFoundException naming {@code folder} and the files it lacks, or, without a folder,
     *     listing every place searched when none holds the files
     */
    public static ImageTensorDataset fashionMnist(Usage usage, Path folder) {
        if (folder != null) {
            return readFashionMnist(usage, folder);
        }
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Paths.get(env));
            candidates.add(Paths.get(env, "fashion-mnist"));
        }
        candidates.add(DEBIAN_FASHION_MNIST);
        return searchFashionMnist(usage, candidates);
    }

    /** Looks for the IDX files in each folder in turn, then asks DJL to download them. */
    static ImageTensorDataset searchFashionMnist(Usage usage, List<Path> candidates) {
        List<String> searched = new ArrayList<>();
        for (Path dir : candidates) {
            String missing = missingFashionMnist(usage, dir);
            if (missing == null) {
                return readFashionMnist(usage, dir);
            }
            searched.add(DatasetNotFoundException.describe(dir, missing));
        }
        return downloadWithDjl("Fashion-MNIST " + usageName(usage), usage, true, searched);
    }

    /** Reads the split from {@code dir}, and only from it. */
    private static ImageTensorDataset readFashionMnist(Usage usage, Path dir) {
        String name = "Fashion-MNIST " + usageName(usage);
        String missing = missingFashionMnist(usage, dir);
        if (missing != null) {
            throw new DatasetNotFoundException(name, List.of(DatasetNotFoundException.describe(dir, missing)),
                    "Put the split's IDX files in that folder, or pass no folder to search $" + DATA_ENV
                            + ", Debian's dataset-fashion-mnist and DJL's download.");
        }
        String prefix = idxPrefix(usage);
        return fromIdx(name + " (" + dir.toAbsolutePath().normalize() + ")",
                IdxFile.read(idxFile(dir, prefix + "-images-idx3-ubyte")),
                IdxFile.read(idxFile(dir, prefix + "-labels-idx1-ubyte")));
    }

    /** Returns what {@code dir} lacks of the split's IDX files, or {@code null} when it holds both. */
    private static String missingFashionMnist(Usage usage, Path dir) {
        if (!Files.isDirectory(dir)) {
            return "no such folder";
        }
        String prefix = idxPrefix(usage);
        List<String> missing = new ArrayList<>();
        for (String base : new String[] {prefix + "-images-idx3-ubyte", prefix + "-labels-idx1-ubyte"}) {
            if (idxFile(dir, base) == null) {
                missing.add(base + "[.gz]");
            }
        }
        return missing.isEmpty() ? null : "no " + String.join(" and no ", missing);
    }

    /** Returns a CIFAR-10 split, searched as {@link #cifar10(Usage, Path)} with no folder. */
    public static ImageTensorDataset cifar10(Usage usage) {
        return cifar10(usage, null);
    }

    /**
     * Returns a CIFAR-10 split from an ImageFolder layout: from {@code folder} only when given (refused when it
     * lacks the split), otherwise looked for in order in {@code $SOTA4J_DATA/cifar10}, {@code build/data/cifar10}
     * under the working folder and its parent, then DJL's {@code Cifar10} download. Each candidate folder holds
     * {@code train/} and {@code test/}; the dataset's name ends with the folder read.
     *
     * @throws DatasetNotFoundException listing every place searched when none holds the images
     */
    public static ImageTensorDataset cifar10(Usage usage, Path folder) {
        List<Path> candidates = new ArrayList<>();
        if (folder != null) {
            String split = usage == Usage.TRAIN ? "train" : testSplit(usage);
            if (!Files.isDirectory(folder.resolve(split))) {
                throw new DatasetNotFoundException("CIFAR-10 " + split,
                        List.of(DatasetNotFoundException.describe(folder.resolve(split), "no such folder")),
                        "Put the split's ImageFolder layout (" + split + "/<class>/*.jpg) in that folder, or pass no "
                                + "folder to search $" + DATA_ENV + "/cifar10, build/data/cifar10 and DJL's download.");
            }
            return searchCifar10(usage, List.of(folder));
        }
        String env = System.getenv(DATA_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Paths.get(env, "cifar10"));
        }
        candidates.add(Paths.get("build", "data", "cifar10"));
        candidates.add(Paths.get("..", "build", "data", "cifar10"));
        return searchCifar10(usage, candidates);
    }

    /** Looks for {@code train/} or {@code test/} in each folder in turn, then asks DJL to download CIFAR-10. */
    static ImageTensorDataset searchCifar10(Usage usage, List<Path> candidates) {
        String split = usage == Usage.TRAIN ? "train" : testSplit(usage);
        List<String> searched = new ArrayList<>();
        String name = "CIFAR-10 " + split;
        for (Path dir : candidates) {
            Path splitDir = dir.resolve(split);
            if (Files.isDirectory(splitDir)) {
                ImageTensorDataset data = ImageFolderReader.read(splitDir,
                        name + " (" + dir.toAbsolutePath().normalize() + ")", 3);
                if (!data.getClasses().equals(CIFAR10_CLASSES)) {
                    String found = data.getClasses().toString();
                    data.close();
                    throw new DatasetFormatException("folder " + splitDir.toAbsolutePath() + " holds classes "
                            + found + ", expected CIFAR-10's " + CIFAR10_CLASSES);
                }
                return data;
            }
            searched.add(DatasetNotFoundException.describe(splitDir, "no such folder"));
        }
        return downloadWithDjl(name, usage, false, searched);
    }

    private static ImageTensorDataset downloadWithDjl(String name, Usage usage, boolean fashion,
            List<String> searched) {
        String how = fashion
                ? "Install Debian's dataset-fashion-mnist, set " + DATA_ENV + " to a folder with the four IDX files, "
                        + "allow DJL to download (internet, -Dai.djl.offline=false), "
                        + "or use Datasets.fashionMnistEmbedded()."
                : "Unpack a CIFAR-10 ImageFolder copy (train/<class>/*.jpg, test/<class>/*.jpg) "
                        + "into build/data/cifar10 or $" + DATA_ENV + "/cifar10, "
                        + "or allow DJL to download it (internet, -Dai.djl.offline=false).";
        if (Boolean.getBoolean("ai.djl.offline")) {
            searched.add("DJL download (skipped: ai.djl.offline=true)");
            throw new DatasetNotFoundException(name, searched, how);
        }
        try {
            RandomAccessDataset djl = fashion
                    ? ai.djl.basicdataset.cv.classification.FashionMnist.builder().optUsage(usage)
                            .setSampling(1, false).build()
                    : ai.djl.basicdataset.cv.classification.Cifar10.builder().optUsage(usage)
                            .setSampling(1, false).build();
            djl.prepare();
            return copyHwcDataset(name + " (DJL download)", djl, fashion ? FASHION_MNIST_CLASSES : CIFAR10_CLASSES);
        } catch (IOException | RuntimeException | ai.djl.translate.TranslateException e) {
            searched.add("DJL download (failed: " + e.getMessage() + ")");
            throw new DatasetNotFoundException(name, searched, how);
        }
    }

    /**
     * Copies a DJL dataset of images once into an {@link ImageTensorDataset} (uint8 N x C x H x W, in memory), which
     * is how the toolkit's training loop takes any {@link RandomAccessDataset}. The records must be
     * <b>H x W x C</b> images, C 1 or 3, all of one shape, with values that are integers in 0..255 (any data type),
     * and one integer label each: as DJL's basicdataset image datasets ({@code FashionMnist}, {@code Cifar10}, an
     * {@code ImageFolder} of images of one size) give them when built without transforms, or an
     * {@code ArrayDataset} of such arrays. A C x H x W record (as after DJL's {@code ToTensor}) is refused.
     *
     * @param name the new dataset's description
     * @param djl the dataset, prepared here (DJL's {@code prepare()} may download it)
     * @param classes the class names indexed by label, or {@code null} for {@code djl}'s own when it is an
     *     {@code ImageClassificationDataset}, otherwise "0" to the largest label
     * @return the copy (close it when done)
     * @throws IllegalArgumentException naming the record when a record breaks the rules above, or when the
     *     dataset is empty
     * @throws IOException when DJL cannot prepare or read the dataset
     */
    public static ImageTensorDataset copyHwcDataset(String name, RandomAccessDataset djl, List<String> classes)
            throws IOException {
        try {
            djl.prepare();
        } catch (ai.djl.translate.TranslateException e) {
            throw new IOException("cannot prepare " + name + ": " + e.getMessage(), e);
        }
        if (classes == null && djl instanceof ai.djl.basicdataset.cv.classification.ImageClassificationDataset c) {
            classes = c.getClasses();
        }
        long size = djl.size();
        if (size < 1 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dataset " + name + " must hold 1 to " + Integer.MAX_VALUE
                    + " records, got " + size);
        }
        int n = (int) size;
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape hwc = djl.get(manager, 0).getData().head().getShape();
            if (hwc.dimension() != 3 || (hwc.get(2) != 1 && hwc.get(2) != 3) || hwc.get(0) < 1 || hwc.get(1) < 1) {
                throw new IllegalArgumentException("records of " + name + " must be H x W x C images with C 1 or 3 "
                        + "(as DJL's FashionMnist and Cifar10 give them, without transforms), got shape " + hwc
                        + " in record 0" + (hwc.dimension() == 3 && hwc.get(0) <= 3 ? " (C x H x W? give it as "
                                + "H x W x C)" : ""));
            }
            int h = (int) hwc.get(0);
            int w = (int) hwc.get(1);
            int c = (int) hwc.get(2);
            int pixelsPerImage = h * w * c;
            byte[] pixels = new byte[Math.multiplyExact(n, pixelsPerImage)];
            int[] labels = new int[n];
            int maxLabel = 0;
            for (int i = 0; i < n; i++) {
                try (NDManager item = manager.newSubManager()) {
                    Record r = djl.get(item, i);
                    NDArray image = r.getData().head();
                    if (!image.getShape().equals(hwc)) {
                        throw new IllegalArgumentException("record " + i + " of " + name + " has an image of shape "
                                + image.getShape() + ", expected " + hwc + " as record 0 (every image of one shape)");
                    }
                    NDArray bytes = image.toType(DataType.UINT8, false);
                    if (image.getDataType() != DataType.UINT8 && !bytes.toType(DataType.FLOAT64, false)
                            .eq(image.toType(DataType.FLOAT64, false)).all().getBoolean()) {
                        throw new IllegalArgumentException("record " + i + " of " + name + " must hold integer "
                                + "pixel values in 0..255, got " + image.getDataType() + " values from "
                                + image.min().toType(DataType.FLOAT64, false).getDouble() + " to "
                                + image.max().toType(DataType.FLOAT64, false).getDouble());
                    }
                    System.arraycopy(bytes.transpose(2, 0, 1).toByteArray(), 0, pixels, i * pixelsPerImage,
                            pixelsPerImage);
                    NDArray label = r.getLabels().head();
                    double value = label.size() == 1 ? label.toType(DataType.FLOAT64, false).getDouble() : -1;
                    if (!(value >= 0 && value == Math.rint(value) && value < Integer.MAX_VALUE)
                            || (classes != null && value >= classes.size())) {
                        throw new IllegalArgumentException("record " + i + " of " + name + " must have one integer "
                                + "label in 0.." + (classes == null ? "" : classes.size() - 1) + ", got "
                                + (label.size() == 1 ? value : "shape " + label.getShape()));
                    }
                    labels[i] = (int) value;
                    maxLabel = Math.max(maxLabel, labels[i]);
                }
            }
            if (classes == null) {
                List<String> names = new ArrayList<>();
                for (int k = 0; k <= maxLabel; k++) {
                    names.add(Integer.toString(k));
                }
                classes = names;
            }
            return ImageTensorDataset.fromPixels(name, pixels, new Shape(n, c, h, w), labels, classes);
        }
    }

    /** Builds a dataset from an images IDX file (N x H x W) and a labels IDX file (N). */
    static ImageTensorDataset fromIdx(String name, IdxFile images, IdxFile labels) {
        if (images.dims().length != 3) {
            throw new DatasetFormatException("IDX file " + images.name()
                    + " must hold N x H x W images, got dimensions " + java.util.Arrays.toString(images.dims()));
        }
        if (labels.dims().length != 1 || labels.count() != images.count()) {
            throw new DatasetFormatException("IDX file " + labels.name() + " must hold one label per image ("
                    + images.count() + "), got dimensions " + java.util.Arrays.toString(labels.dims()));
        }
        int[] y = new int[labels.count()];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.data()[i] & 0xFF;
            if (y[i] >= FASHION_MNIST_CLASSES.size()) {
                throw new DatasetFormatException("IDX file " + labels.name() + " has label " + y[i] + " at entry " + i
                        + ", expected 0..9");
            }
        }
        int[] d = images.dims();
        return ImageTensorDataset.fromPixels(name, images.data(), new Shape(d[0], 1, d[1], d[2]), y,
                FASHION_MNIST_CLASSES);
    }

    private static IdxFile readResource(String path) {
        try (InputStream in = Datasets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new DatasetFormatException("resource " + path + " is missing from the datasets jar");
            }
            return IdxFile.read("jar:" + path, in);
        } catch (IOException e) {
            throw new DatasetFormatException("cannot read resource " + path + ": " + e, e);
        }
    }

    private static Path idxFile(Path dir, String base) {
        for (String suffix : new String[] {".gz", ""}) {
            Path p = dir.resolve(base + suffix);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static String idxPrefix(Usage usage) {
        if (usage == Usage.TRAIN) {
            return "train";
        }
        testSplit(usage);
        return "t10k";
    }

    private static String testSplit(Usage usage) {
        if (usage != Usage.TEST) {
            throw new IllegalArgumentException("usage must be TRAIN or TEST, got " + usage);
        }
        return "test";
    }

    private static String usageName(Usage usage) {
        return usage == Usage.TRAIN ? "train" : testSplit(usage);
    }
}
