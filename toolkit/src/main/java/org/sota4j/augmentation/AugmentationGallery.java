package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Renders a grid of augmented samples for inspection in notebooks: one row per image, the original first, then
 * augmented versions captioned with the drawn operations (or the transform names), upscaled with nearest
 * neighbour so that small images (CIFAR, MNIST) stay readable. Pure java.awt; not for hot paths.
 */
public final class AugmentationGallery {

    private static final int CAPTION_HEIGHT = 14;
    private static final int GAP = 4;

    private AugmentationGallery() {}

    /**
     * One row per image: the original and {@code perImage} draws of {@code policy}, each captioned with its ops.
     *
     * @param images float32 N x C x H x W on the 0..255 scale
     * @param policy the automatic augmentation to show
     * @param perImage augmented samples per image (>= 1)
     * @param scale integer upscaling factor (>= 1)
     * @param random source of the draws
     */
    public static BufferedImage render(NDArray images, OpPolicy policy, int perImage, int scale, Random random) {
        int[] d = Batches.checkImages(images);
        check(perImage, scale);
        int n = d[0];
        List<float[]> columns = new ArrayList<>();
        List<String[]> captions = new ArrayList<>();
        float[] original = images.toFloatArray();
        columns.add(original);
        captions.add(fill(n, "original"));
        try (NDManager sub = images.getManager().newSubManager()) {
            for (int k = 0; k < perImage; k++) {
                OpPlan plan = policy.draw(n, d[2], d[3], random);
                NDArray out = plan.apply(images, policy.fill());
                out.tempAttach(sub);
                columns.add(out.toFloatArray());
                String[] cap = new String[n];
                for (int i = 0; i < n; i++) {
                    cap[i] = plan.describe(i);
                }
                captions.add(cap);
            }
        }
        return grid(d, columns, captions, scale);
    }

    /**
     * One row per image: the original then one column per named transform (0..255 output, same size as the input).
     */
    public static BufferedImage render(NDArray images, Map<String, BatchTransform> transforms, int scale,
            Random random) {
        int[] d = Batches.checkImages(images);
        check(1, scale);
        List<float[]> columns = new ArrayList<>();
        List<String[]> captions = new ArrayList<>();
        columns.add(images.toFloatArray());
        captions.add(fill(d[0], "original"));
        for (Map.Entry<String, BatchTransform> e : new LinkedHashMap<>(transforms).entrySet()) {
            NDArray out = e.getValue().apply(images, random);
            if (!out.getShape().equals(images.getShape())) {
                throw new IllegalArgumentException("transform '" + e.getKey() + "' must keep the shape "
                        + images.getShape() + ", got " + out.getShape());
            }
            columns.add(out.toFloatArray());
            if (out != images) {
                out.close();
            }
            captions.add(fill(d[0], e.getKey()));
        }
        return grid(d, columns, captions, scale);
    }

    private static BufferedImage grid(int[] d, List<float[]> columns, List<String[]> captions, int scale) {
        int n = d[0];
        int c = d[1];
        int h = d[2];
        int w = d[3];
        int cellW = Math.max(w * scale, 60);
        int cellH = h * scale + 2 * CAPTION_HEIGHT;
        BufferedImage img = new BufferedImage(columns.size() * (cellW + GAP) + GAP, n * (cellH + GAP) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        FontMetrics fm = g.getFontMetrics();
        for (int col = 0; col < columns.size(); col++) {
            float[] px = columns.get(col);
            for (int i = 0; i < n; i++) {
                int x0 = GAP + col * (cellW + GAP) + (cellW - w * scale) / 2;
                int y0 = GAP + i * (cellH + GAP);
                for (int y = 0; y < h * scale; y++) {
                    for (int x = 0; x < w * scale; x++) {
                        int sy = y / scale;
                        int sx = x / scale;
                        int r = channel(px, i, c == 3 ? 0 : 0, c, h, w, sy, sx);
                        int gg = channel(px, i, c == 3 ? 1 : 0, c, h, w, sy, sx);
                        int b = channel(px, i, c == 3 ? 2 : 0, c, h, w, sy, sx);
                        img.setRGB(x0 + x, y0 + y, (r << 16) | (gg << 8) | b);
                    }
                }
                List<String> lines = wrap(captions.get(col)[i], fm, cellW);
                g.setColor(Color.BLACK);
                for (int l = 0; l < lines.size(); l++) {
                    g.drawString(lines.get(l), GAP + col * (cellW + GAP),
                            y0 + h * scale + (l + 1) * CAPTION_HEIGHT - 3);
                }
            }
        }
        g.dispose();
        return img;
    }

    /** Splits a caption at spaces into at most two lines that fit {@code width}; only a single word too long is cut. */
    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (!rest.isEmpty() && lines.size() < 2) {
            String line = rest;
            while (fm.stringWidth(line) > width && line.lastIndexOf(' ') > 0) {
                line = line.substring(0, line.lastIndexOf(' '));
            }
            if (lines.size() == 1 && line.length() < rest.length()) {
                line = rest;
            }
            while (fm.stringWidth(line) > width && line.length() > 1) {
                line = line.substring(0, line.length() - 1);
            }
            lines.add(line);
            rest = rest.substring(Math.min(rest.length(), line.length())).strip();
        }
        return lines;
    }

    private static int channel(float[] px, int i, int ch, int c, int h, int w, int y, int x) {
        float v = px[((i * c + ch) * h + y) * w + x];
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    private static String[] fill(int n, String s) {
        String[] out = new String[n];
        java.util.Arrays.fill(out, s);
        return out;
    }

    private static void check(int perImage, int scale) {
        if (perImage < 1) {
            throw new IllegalArgumentException("perImage must be >= 1, got " + perImage);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be >= 1, got " + scale);
        }
    }
}
