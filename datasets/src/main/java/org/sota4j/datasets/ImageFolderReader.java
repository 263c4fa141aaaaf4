package org.sota4j.datasets;

import ai.djl.ndarray.types.Shape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Decodes an ImageFolder layout ({@code root/<class>/<image>.jpg|png}, classes in alphabetical order,
 * as torchvision's {@code ImageFolder}) into one {@link ImageTensorDataset}. All images must have
 * the same size. Decoding runs on all cores, once.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {}

    /**
     * Reads every image under {@code root}.
     *
     * @param root the folder holding one sub-folder per class
     * @param name the dataset's description
     * @param channels 3 for RGB, 1 for grayscale
     * @return the decoded dataset
     * @throws DatasetFormatException naming the file when an image cannot be decoded or has another size
     */
    public static ImageTensorDataset read(Path root, String name, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labelList = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                int label = classes.size();
                classes.add(dir.getFileName().toString());
                try (Stream<Path> images = Files.list(dir)) {
                    for (Path f : images.filter(ImageFolderReader::isImage).sorted().toList()) {
                        files.add(f);
                        labelList.add(label);
                    }
                }
            }
        } catch (IOException e) {
            throw new DatasetFormatException("cannot list image folder " + root.toAbsolutePath() + ": " + e, e);
        }
        if (files.isEmpty()) {
            throw new DatasetFormatException("image folder " + root.toAbsolutePath()
                    + " holds no <class>/<image>.jpg|png files");
        }
        BufferedImage first = decode(files.get(0));
        int h = first.getHeight();
        int w = first.getWidth();
        int size = channels * h * w;
        byte[] pixels = new byte[files.size() * size];
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            BufferedImage img = i == 0 ? first : decode(files.get(i));
            if (img.getHeight() != h || img.getWidth() != w) {
                throw new DatasetFormatException("image " + files.get(i).toAbsolutePath() + " is "
                        + img.getWidth() + "x" + img.getHeight() + ", expected " + w + "x" + h
                        + " like " + files.get(0).getFileName());
            }
            toChw(img, channels, pixels, i * size);
        });
        int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
        return ImageTensorDataset.fromPixels(name, pixels, new Shape(files.size(), channels, h, w), labels, classes);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    private static BufferedImage decode(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new DatasetFormatException("image " + file.toAbsolutePath() + " is not a readable JPEG or PNG");
            }
            return img;
        } catch (IOException e) {
            throw new DatasetFormatException("image " + file.toAbsolutePath() + " is corrupt or truncated: "
                    + e.getMessage(), e);
        }
    }

    /** Writes an image's pixels as C x H x W unsigned bytes at {@code offset}. */
    static void toChw(BufferedImage img, int channels, byte[] out, int offset) {
        int h = img.getHeight();
        int w = img.getWidth();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        int plane = h * w;
        for (int p = 0; p < plane; p++) {
            int v = rgb[p];
            int r = (v >> 16) & 0xFF;
            int g = (v >> 8) & 0xFF;
            int b = v & 0xFF;
            if (channels == 3) {
                out[offset + p] = (byte) r;
                out[offset + plane + p] = (byte) g;
                out[offset + 2 * plane + p] = (byte) b;
            } else {
                out[offset + p] = (byte) Math.round(0.299f * r + 0.587f * g + 0.114f * b);
            }
        }
    }
}
