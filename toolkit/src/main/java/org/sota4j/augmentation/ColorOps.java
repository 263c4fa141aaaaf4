package org.sota4j.augmentation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Colour operations of torchvision 0.14 ({@code functional_tensor}) on float32 batches holding uint8 values,
 * with one parameter per image broadcast over the batch. Each reproduces torchvision's uint8 arithmetic: blends
 * are computed in float32, clamped to [0, 255] and truncated ({@code _blend} casts to uint8), so outputs stay
 * integers and the ops compose as they do on uint8 tensors.
 */
public final class ColorOps {

    private ColorOps() {}

    /** {@code adjust_brightness}: blend with black, factor >= 0 per image. */
    public static NDArray brightness(NDArray images, double[] factors) {
        int[] d = check(images, factors, "factors");
        return Batches.scoped(images, x -> blend(x, null, factors));
    }

    /** {@code adjust_saturation} ("Color"): blend with the truncated grayscale image; identity for 1 channel. */
    public static NDArray saturation(NDArray images, double[] factors) {
        int[] d = check(images, factors, "factors");
        if (d[1] == 1) {
            return images;
        }
        return Batches.scoped(images, x -> blend(x, grayscale(x), factors));
    }

    /** {@code adjust_contrast}: blend with the mean of the truncated grayscale image (one mean per image). */
    public static NDArray contrast(NDArray images, double[] factors) {
        check(images, factors, "factors");
        return Batches.scoped(images, x -> {
            NDArray gray = x.getShape().get(1) == 3 ? grayscale(x) : x;
            long n = gray.getShape().get(0);
            NDArray mean = gray.reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
            return blend(x, mean, factors);
        });
    }

    /**
     * {@code adjust_sharpness}: blend with the image whose interior is smoothed by the 3 x 3 kernel
     * [[1,1,1],[1,5,1],[1,1,1]] / 13 (rounded to integers) and whose one-pixel border is kept.
     */
    public static NDArray sharpness(NDArray images, double[] factors) {
        int[] d = check(images, factors, "factors");
        int h = d[2];
        int w = d[3];
        if (h <= 2 || w <= 2) {
            return images;
        }
        return Batches.scoped(images, x -> {
            NDArray sum = x.get(new NDIndex(":, :, 1:-1, 1:-1")).mul(4f);
            for (int dy = 0; dy < 3; dy++) {
                for (int dx = 0; dx < 3; dx++) {
                    sum = sum.add(x.get(new NDIndex(":, :, {}:{}, {}:{}", dy, h - 2 + dy, dx, w - 2 + dx)));
                }
            }
            NDArray inner = sum.div(13f).round();
            NDArray middle = NDArrays.concat(new NDList(x.get(new NDIndex(":, :, 1:-1, 0:1")), inner,
                    x.get(new NDIndex(":, :, 1:-1, -1:"))), 3);
            NDArray blurred = NDArrays.concat(new NDList(x.get(new NDIndex(":, :, 0:1, :")), middle,
                    x.get(new NDIndex(":, :, -1:, :"))), 2);
            return blend(x, blurred, factors);
        });
    }

    /** {@code posterize}: keeps the top {@code bits[i]} bits (1..8) of every value of image i. */
    public static NDArray posterize(NDArray images, int[] bits) {
        int[] d = Batches.checkImages(images);
        Batches.checkLength("bits", bits.length, d[0]);
        float[] q = new float[bits.length];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] < 0 || bits[i] > 8) {
                throw new IllegalArgumentException("posterize bits must be in [0, 8], got " + bits[i]);
            }
            q[i] = 1 << (8 - bits[i]);
        }
        return Batches.scoped(images, x -> {
            NDArray step = Batches.perImage(x.getManager(), q);
            return x.div(step).floor().mul(step);
        });
    }

    /** {@code solarize}: values >= threshold[i] become 255 - value. */
    public static NDArray solarize(NDArray images, double[] thresholds) {
        int[] d = Batches.checkImages(images);
        Batches.checkLength("thresholds", thresholds.length, d[0]);
        float[] t = new float[thresholds.length];
        for (int i = 0; i < t.length; i++) {
            if (!(thresholds[i] >= 0 && thresholds[i] <= 255)) {
                throw new IllegalArgumentException("solarize threshold must be in [0, 255], got " + thresholds[i]);
            }
            t[i] = (float) thresholds[i];
        }
        return Batches.scoped(images, x -> {
            NDArray mask = x.gte(Batches.perImage(x.getManager(), t));
            return NDArrays.where(mask, x.neg().add(255f), x);
        });
    }

    /** {@code invert}: 255 - value. */
    public static NDArray invert(NDArray images) {
        Batches.checkImages(images);
        return Batches.scoped(images, x -> x.neg().add(255f));
    }

    /**
     * {@code autocontrast}: per image and channel, maps [min, max] linearly onto [0, 255] (truncating); a
     * constant channel is left as it is.
     */
    public static NDArray autoContrast(NDArray images) {
        Batches.checkImages(images);
        return Batches.scoped(images, x -> {
            Shape s = x.getShape();
            NDArray rows = x.reshape(s.get(0), s.get(1), s.get(2) * s.get(3));
            NDArray min = rows.min(new int[] {2}, true).reshape(s.get(0), s.get(1), 1, 1);
            NDArray max = rows.max(new int[] {2}, true).reshape(s.get(0), s.get(1), 1, 1);
            NDArray flat = max.eq(min);
            NDArray range = NDArrays.where(flat, x.getManager().ones(max.getShape()).mul(255f), max.sub(min));
            NDArray scale = range.getManager().create(255f).div(range);
            NDArray low = NDArrays.where(flat, x.getManager().zeros(min.getShape()), min);
            return x.sub(low).mul(scale).clip(0, 255).floor();
        });
    }

    /**
     * {@code equalize}: per image and channel, torchvision's histogram equalization lookup table (built in Java
     * from the channel histogram, step = (pixels - count of the last occupied level) / 255, identity when the step
     * is 0), then applied to the whole batch with one gather.
     */
    public static NDArray equalize(NDArray images) {
        int[] d = Batches.checkImages(images);
        int n = d[0];
        int c = d[1];
        int hw = d[2] * d[3];
        float[] pixels = images.toFloatArray();
        float[] luts = new float[n * c * 256];
        int[] hist = new int[256];
        for (int ch = 0; ch < n * c; ch++) {
            java.util.Arrays.fill(hist, 0);
            for (int p = ch * hw; p < (ch + 1) * hw; p++) {
                float v = pixels[p];
                if (!(v >= 0 && v <= 255) || v != Math.rint(v)) {
                    throw new IllegalArgumentException("equalize needs integer pixel values in [0, 255], got " + v);
                }
                hist[(int) v]++;
            }
            int last = 255;
            while (hist[last] == 0) {
                last--;
            }
            long step = (hw - hist[last]) / 255;
            int base = ch * 256;
            if (step == 0) {
                for (int v = 0; v < 256; v++) {
                    luts[base + v] = v;
                }
                continue;
            }
            long cumulative = 0;
            for (int v = 0; v < 256; v++) {
                // lut[v] uses the cumulative count of the levels strictly below v (torchvision shifts by one)
                luts[base + v] = Math.min(255, (cumulative + step / 2) / step);
                cumulative += hist[v];
            }
        }
        return Batches.scoped(images, x -> {
            NDManager m = x.getManager();
            NDArray lut = m.create(luts, new Shape(n, c, 256));
            NDArray idx = x.reshape(n, c, hw).toType(DataType.INT64, false);
            return lut.gather(idx, 2).reshape(n, c, d[2], d[3]);
        });
    }

    /** Grayscale as torchvision: 0.2989 R + 0.587 G + 0.114 B in float32, truncated to an integer; N x 1 x H x W. */
    static NDArray grayscale(NDArray x) {
        NDArray r = x.get(new NDIndex(":, 0:1"));
        NDArray g = x.get(new NDIndex(":, 1:2"));
        NDArray b = x.get(new NDIndex(":, 2:3"));
        return r.mul(0.2989f).add(g.mul(0.587f)).add(b.mul(0.114f)).floor();
    }

    /** torchvision {@code _blend}: ratio * img1 + (1 - ratio) * img2, clamped to [0, 255] then truncated. */
    private static NDArray blend(NDArray x, NDArray other, double[] ratios) {
        float[] r = new float[ratios.length];
        float[] q = new float[ratios.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) ratios[i];
            q[i] = (float) (1.0 - ratios[i]);
        }
        NDManager m = x.getManager();
        NDArray mixed = x.mul(Batches.perImage(m, r));
        if (other != null) {
            mixed = mixed.add(other.mul(Batches.perImage(m, q)));
        }
        return mixed.clip(0, 255).floor();
    }

    private static int[] check(NDArray images, double[] factors, String name) {
        int[] d = Batches.checkImages(images);
        Batches.checkLength(name, factors.length, d[0]);
        for (double f : factors) {
            if (!(f >= 0)) {
                throw new IllegalArgumentException(name + " must be >= 0, got " + f);
            }
        }
        return d;
    }
}
