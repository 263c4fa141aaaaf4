package org.sota4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Dataset.Usage;
import ai.djl.training.dataset.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;

class DatasetsTest {

    @Test
    void embeddedSubsetIsClassBalanced() {
        try (ImageTensorDataset train = Datasets.fashionMnistEmbedded(Usage.TRAIN);
                ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST)) {
            assertEquals(new Shape(10000, 1, 28, 28), train.getImages().getShape());
            assertEquals(new Shape(2000, 1, 28, 28), test.getImages().getShape());
            assertEquals(DataType.UINT8, train.getImages().getDataType());
            int[] tenThousand = new int[10];
            Arrays.fill(tenThousand, 1000);
            assertArrayEquals(tenThousand, train.classCounts());
            int[] twoHundred = new int[10];
            Arrays.fill(twoHundred, 200);
            assertArrayEquals(twoHundred, test.classCounts());
            assertEquals(10000, Datasets.fashionMnistEmbeddedIndices(Usage.TRAIN).length);
        }
    }

    /** Every embedded image and label equals the one at its recorded index in the full dataset. */
    @Test
    void embeddedSubsetMatchesTheFullDataset() {
        assumeTrue(Files.isDirectory(Datasets.DEBIAN_FASHION_MNIST), "Debian's dataset-fashion-mnist not installed");
        for (Usage usage : new Usage[] {Usage.TRAIN, Usage.TEST}) {
            String prefix = usage == Usage.TRAIN ? "train" : "t10k";
            IdxFile fullImages = IdxFile.read(Datasets.DEBIAN_FASHION_MNIST.resolve(prefix + "-images-idx3-ubyte.gz"));
            IdxFile fullLabels = IdxFile.read(Datasets.DEBIAN_FASHION_MNIST.resolve(prefix + "-labels-idx1-ubyte.gz"));
            int[] indices = Datasets.fashionMnistEmbeddedIndices(usage);
            try (ImageTensorDataset sub = Datasets.fashionMnistEmbedded(usage)) {
                byte[] pixels = sub.getImages().toByteArray();
                for (int i = 0; i < indices.length; i++) {
                    int j = indices[i];
                    assertEquals(fullLabels.data()[j] & 0xFF, sub.getLabels()[i], "label of embedded image " + i);
                    byte[] expected = Arrays.copyOfRange(fullImages.data(), j * 784, (j + 1) * 784);
                    byte[] actual = Arrays.copyOfRange(pixels, i * 784, (i + 1) * 784);
                    assertArrayEquals(expected, actual, "pixels of embedded image " + i + " (original " + j + ")");
                }
            }
        }
    }

    @Test
    void fullDatasetFromDebianPackage() {
        assumeTrue(Files.isDirectory(Datasets.DEBIAN_FASHION_MNIST), "Debian's dataset-fashion-mnist not installed");
        try (ImageTensorDataset test = Datasets.fashionMnist(Usage.TEST)) {
            assertEquals(10000, test.size());
            assertEquals(new Shape(1, 28, 28), test.imageShape());
        }
    }

    @Test
    void wrongMagicNumberIsNamed() {
        byte[] bytes = IdxFile.encode(new int[] {2, 2}, new byte[4]);
        bytes[2] = 0x0D; // float type code instead of unsigned bytes
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxFile.read("bad-images-idx.gz".replace(".gz", ""), new ByteArrayInputStream(bytes)));
        assertTrue(e.getMessage().contains("bad-images-idx"), e.getMessage());
        assertTrue(e.getMessage().contains("wrong magic number 0x00000D02"), e.getMessage());
    }

    @Test
    void truncatedIdxNamesFileAndOffset() throws Exception {
        byte[] full = IdxFile.encode(new int[] {3, 28, 28}, new byte[3 * 784]);
        byte[] cut = Arrays.copyOf(full, 1000);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(cut);
        }
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxFile.read("x-images-idx3-ubyte.gz", new ByteArrayInputStream(gz.toByteArray())));
        assertTrue(e.getMessage().contains("x-images-idx3-ubyte.gz is truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("offset 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("expected 2352 bytes from offset 16"), e.getMessage());
    }

    @Test
    void corruptGzipIsNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("train-images-idx3-ubyte.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3});
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxFile.read(file));
        assertTrue(e.getMessage().contains(file.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void missingDatasetListsEveryPlaceSearched(@TempDir Path dir) {
        Path a = dir.resolve("nowhere");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> Datasets.searchFashionMnist(Usage.TRAIN, List.of(a, dir)));
        assertEquals(3, e.getSearched().size(), e.getMessage());
        assertTrue(e.getMessage().contains(a.toAbsolutePath() + " (no such folder)"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.toAbsolutePath() + " (no train-"), e.getMessage());
        assertTrue(e.getMessage().contains("DJL download"), e.getMessage());
        assertTrue(e.getMessage().contains("dataset-fashion-mnist"), e.getMessage());
    }

    /** A folder the caller names is read, and named by the dataset, or refused: never swapped for another. */
    @Test
    void namedFashionMnistFolderIsUsedOrRefused(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nowhere");
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> Datasets.fashionMnist(Usage.TEST, missing));
        assertEquals(List.of(missing.toAbsolutePath() + " (no such folder)"), e.getSearched());
        assertEquals("Fashion-MNIST test not found. Searched:\n  - " + missing.toAbsolutePath()
                + " (no such folder)\nPut the split's IDX files in that folder, or pass no folder to search "
                + "$SOTA4J_DATA, Debian's dataset-fashion-mnist and DJL's download.", e.getMessage());
        byte[] pixels = new byte[3 * 28 * 28];
        pixels[784 + 5] = (byte) 200;
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFile.encode(new int[] {3, 28, 28}, pixels));
        e = assertThrows(DatasetNotFoundException.class, () -> Datasets.fashionMnist(Usage.TEST, dir));
        assertEquals(List.of(dir.toAbsolutePath() + " (no t10k-labels-idx1-ubyte[.gz])"), e.getSearched());
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFile.encode(new int[] {3}, new byte[] {9, 0, 4}));
        try (ImageTensorDataset data = Datasets.fashionMnist(Usage.TEST, dir)) {
            assertEquals("Fashion-MNIST test (" + dir.toAbsolutePath().normalize() + ")", data.getName());
            assertArrayEquals(new int[] {9, 0, 4}, data.getLabels());
            assertEquals(200, data.getImages().toUint8Array()[784 + 5] & 0xFF);
        }
        e = assertThrows(DatasetNotFoundException.class, () -> Datasets.cifar10(Usage.TRAIN, dir));
        assertEquals(List.of(dir.resolve("train").toAbsolutePath() + " (no such folder)"), e.getSearched());
    }

    @Test
    void missingCifarListsEveryPlaceSearched(@TempDir Path dir) {
        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class,
                () -> Datasets.searchCifar10(Usage.TEST, List.of(dir.resolve("cifar"), dir.resolve("other"))));
        assertEquals(3, e.getSearched().size(), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("cifar").resolve("test").toAbsolutePath().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("other").resolve("test").toAbsolutePath().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("build/data/cifar10"), e.getMessage()); // the advice names where to unpack
    }

    @Test
    void imageFolderDecodesToChwWithSortedClasses(@TempDir Path dir) throws Exception {
        // two classes, 2x3 PNG images with known pixels
        for (int c = 0; c < 2; c++) {
            Path classDir = Files.createDirectories(dir.resolve(c == 0 ? "cat" : "ant"));
            BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    img.setRGB(x, y, ((10 * c + x) << 16) | ((20 + y) << 8) | (100 + x + y));
                }
            }
            ImageIO.write(img, "png", classDir.resolve("0.png").toFile());
        }
        try (ImageTensorDataset data = ImageFolderReader.read(dir, "tiny", 3);
                NDManager manager = NDManager.newBaseManager()) {
            assertEquals(List.of("ant", "cat"), data.getClasses());
            assertEquals(new Shape(2, 3, 2, 3), data.getImages().getShape());
            assertArrayEquals(new int[] {0, 1}, data.getLabels());
            Record r = data.get(manager, 0); // "ant" was written with c = 1
            byte[] px = r.getData().head().toByteArray();
            assertArrayEquals(new byte[] {10, 11, 12, 10, 11, 12}, Arrays.copyOfRange(px, 0, 6)); // R plane
            assertArrayEquals(new byte[] {20, 20, 20, 21, 21, 21}, Arrays.copyOfRange(px, 6, 12)); // G plane
            assertArrayEquals(new byte[] {100, 101, 102, 101, 102, 103}, Arrays.copyOfRange(px, 12, 18)); // B plane
        }
    }

    @Test
    void corruptImageIsNamed(@TempDir Path dir) throws Exception {
        Path classDir = Files.createDirectories(dir.resolve("a"));
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", classDir.resolve("0.png").toFile());
        Path bad = classDir.resolve("1.jpg");
        Files.write(bad, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> ImageFolderReader.read(dir, "bad", 3));
        assertTrue(e.getMessage().contains(bad.toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    void balancedSubsetRelabelsKeptClasses() {
        try (ImageTensorDataset test = Datasets.fashionMnistEmbedded(Usage.TEST);
                ImageTensorDataset sub = test.balancedSubset(7, 42, new int[] {9, 3})) {
            assertEquals(List.of("Ankle boot", "Dress"), sub.getClasses());
            assertArrayEquals(new int[] {7, 7}, sub.classCounts());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> test.balancedSubset(201, 1));
            assertTrue(e.getMessage().contains("perClass must be <= 200"), e.getMessage());
        }
    }
}
