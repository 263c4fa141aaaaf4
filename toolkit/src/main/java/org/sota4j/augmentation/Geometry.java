package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Batched geometric sampling with per-image parameters computed in Java and applied as gathers, following
 * the tensor code path of torchvision 0.14 ({@code functional_tensor.affine} and {@code resize}).
 */
public final class Geometry {

    private Geometry() {}

    /**
     * The inverse affine matrix (output pixel to input pixel, 6 values of a 2 x 3 matrix) the way torchvision's
     * {@code _get_inverse_affine_matrix} builds it for tensors: coordinates are relative to the image centre
     * with pixel centres at (x + 0.5), {@code center} is the pivot in that frame (0, 0 = image centre), angles
     * and shears in degrees, scale 1.
     */
    public static double[] inverseAffine(double centerX, double centerY, double angle, double translateX,
            double translateY, double shearX, double shearY) {
        double rot = Math.toRadians(angle);
        double sx = Math.toRadians(shearX);
        double sy = Math.toRadians(shearY);
        double a = Math.cos(rot - sy) / Math.cos(sy);
        double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
        double c = Math.sin(rot - sy) / Math.cos(sy);
        double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
        double[] m = {d, -b, 0.0, -c, a, 0.0};
        m[2] += m[0] * (-centerX - translateX) + m[1] * (-centerY - translateY);
        m[5] += m[3] * (-centerX - translateX) + m[4] * (-centerY - translateY);
        m[2] += centerX;
        m[5] += centerY;
        return m;
    }

    /**
     * Warps each image with its own inverse affine matrix and nearest-neighbour sampling, pixels that fall
     * outside taking {@code fill} (null = 0). The sampling reproduces torchvision's float32 grid arithmetic
     * ({@code _gen_affine_grid} then {@code grid_sample(nearest, align_corners=False)}, rounding half to even),
     * so results equal torchvision's uint8 output exactly.
     *
     * @param images float32 N x C x H x W
     * @param matrices N inverse matrices of 6 values each, see {@link #inverseAffine}
     * @param fill per-channel fill (1 or C values) or null
     */
    public static NDArray warpNearest(NDArray images, double[][] matrices, float[] fill) {
        int[] d = Batches.checkImages(images);
        int n = d[0];
        int h = d[2];
        int w = d[3];
        Batches.checkLength("matrices", matrices.length, n);
        long[] index = new long[n * h * w];
        float halfW = (float) (0.5 * w);
        float halfH = (float) (0.5 * h);
        for (int i = 0; i < n; i++) {
            double[] m = matrices[i];
            if (m == null || m.length != 6) {
                throw new IllegalArgumentException("matrices[" + i + "] must have 6 values, got "
                        + (m == null ? "null" : m.length));
            }
            float r00 = (float) m[0] / halfW;
            float r01 = (float) m[1] / halfW;
            float r02 = (float) m[2] / halfW;
            float r10 = (float) m[3] / halfH;
            float r11 = (float) m[4] / halfH;
            float r12 = (float) m[5] / halfH;
            int base = i * h * w;
            for (int y = 0; y < h; y++) {
                float yb = (float) (-h * 0.5 + 0.5 + y);
                for (int x = 0; x < w; x++) {
                    float xb = (float) (-w * 0.5 + 0.5 + x);
                    float gx = (xb * r00 + yb * r01) + r02;
                    float gy = (xb * r10 + yb * r11) + r12;
                    float sx = (gx + 1f) * halfW - 0.5f;
                    float sy = (gy + 1f) * halfH - 0.5f;
                    double ix = Math.rint(sx);
                    double iy = Math.rint(sy);
                    boolean inside = ix >= 0 && ix < w && iy >= 0 && iy < h;
                    index[base + y * w + x] = inside ? (long) iy * w + (long) ix : -1;
                }
            }
        }
        return Batches.gatherPixels(images, index, h, w, fill);
    }

    /**
     * Crops box i of image i and resizes it to outH x outW with bilinear interpolation, as torchvision 0.14's
     * {@code resized_crop} on tensors: {@code align_corners=False}, no antialias (torchvision's tensor default in
     * 0.14; PIL and torchvision >= 0.17 antialias when downscaling, which blurs more), then rounding to integers.
     */
    public static NDArray resizedCrop(NDArray images, int[] top, int[] left, int[] height, int[] width, int outH,
            int outW) {
        int[] d = Batches.checkImages(images);
        int n = d[0];
        int h = d[2];
        int w = d[3];
        Batches.checkLength("top", top.length, n);
        Batches.checkLength("left", left.length, n);
        Batches.checkLength("height", height.length, n);
        Batches.checkLength("width", width.length, n);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("output size must be >= 1, got " + outH + " x " + outW);
        }
        int outHw = outH * outW;
        long[][] idx = new long[4][n * outHw];
        float[][] wt = new float[4][n * outHw];
        for (int i = 0; i < n; i++) {
            checkBox(i, top[i], left[i], height[i], width[i], h, w);
            int[] y0 = new int[outH];
            int[] y1 = new int[outH];
            float[] ly = new float[outH];
            axis(height[i], outH, y0, y1, ly);
            int[] x0 = new int[outW];
            int[] x1 = new int[outW];
            float[] lx = new float[outW];
            axis(width[i], outW, x0, x1, lx);
            for (int y = 0; y < outH; y++) {
                long ra = (long) (top[i] + y0[y]) * w + left[i];
                long rb = (long) (top[i] + y1[y]) * w + left[i];
                for (int x = 0; x < outW; x++) {
                    int k = i * outHw + y * outW + x;
                    idx[0][k] = ra + x0[x];
                    idx[1][k] = ra + x1[x];
                    idx[2][k] = rb + x0[x];
                    idx[3][k] = rb + x1[x];
                    wt[0][k] = (1 - ly[y]) * (1 - lx[x]);
                    wt[1][k] = (1 - ly[y]) * lx[x];
                    wt[2][k] = ly[y] * (1 - lx[x]);
                    wt[3][k] = ly[y] * lx[x];
                }
            }
        }
        return Batches.scoped(images, x -> {
            NDManager m = x.getManager();
            NDArray sum = null;
            for (int k = 0; k < 4; k++) {
                NDArray part = Batches.gatherPixels(x, idx[k], outH, outW, null)
                        .mul(m.create(wt[k], new Shape(n, 1, outH, outW)));
                sum = sum == null ? part : sum.add(part);
            }
            return sum.round().clip(0, 255);
        });
    }

    /** Source indices and weights of one axis for align_corners=False bilinear resizing (torch's convention). */
    private static void axis(int in, int out, int[] i0, int[] i1, float[] lambda) {
        float scale = (float) in / out;
        for (int o = 0; o < out; o++) {
            float src = Math.max(scale * (o + 0.5f) - 0.5f, 0f);
            int lo = Math.min((int) src, in - 1);
            i0[o] = lo;
            i1[o] = lo < in - 1 ? lo + 1 : lo;
            lambda[o] = Math.min(Math.max(src - lo, 0f), 1f);
        }
    }

    private static void checkBox(int i, int top, int left, int height, int width, int h, int w) {
        if (height < 1 || width < 1 || top < 0 || left < 0 || top + height > h || left + width > w) {
            throw new IllegalArgumentException("crop box " + i + " (top " + top + ", left " + left + ", height "
                    + height + ", width " + width + ") must lie inside the " + h + " x " + w + " image");
        }
    }

    /**
     * Pads every image by {@code padding} pixels on each side ({@code reflect} = mirror without repeating the
     * edge, else the constant {@code fill}) and crops an H x W window at (top[i], left[i]) of padded image i, as
     * torchvision's {@code RandomCrop(size, padding)} does; one gather for the batch.
     */
    public static NDArray padCrop(NDArray images, int padding, boolean reflect, float[] fill, int[] top,
            int[] left, int outH, int outW) {
        int[] d = Batches.checkImages(images);
        int n = d[0];
        int h = d[2];
        int w = d[3];
        Batches.checkLength("top", top.length, n);
        Batches.checkLength("left", left.length, n);
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
        if (reflect && (padding >= h || padding >= w)) {
            throw new IllegalArgumentException("reflect padding must be smaller than the image side ("
                    + Math.min(h, w) + "), got " + padding);
        }
        int ph = h + 2 * padding;
        int pw = w + 2 * padding;
        long[] index = new long[n * outH * outW];
        for (int i = 0; i < n; i++) {
            if (top[i] < 0 || left[i] < 0 || top[i] + outH > ph || left[i] + outW > pw) {
                throw new IllegalArgumentException("crop " + i + " at (" + top[i] + ", " + left[i] + ") of size "
                        + outH + " x " + outW + " must lie inside the padded " + ph + " x " + pw + " image");
            }
            for (int y = 0; y < outH; y++) {
                int sy = source(top[i] + y - padding, h, reflect);
                for (int x = 0; x < outW; x++) {
                    int sx = source(left[i] + x - padding, w, reflect);
                    index[(i * outH + y) * outW + x] = sy < 0 || sx < 0 ? -1 : (long) sy * w + sx;
                }
            }
        }
        return Batches.gatherPixels(images, index, outH, outW, fill);
    }

    private static int source(int p, int size, boolean reflect) {
        if (p >= 0 && p < size) {
            return p;
        }
        if (!reflect) {
            return -1;
        }
        return p < 0 ? -p : 2 * (size - 1) - p;
    }
}
