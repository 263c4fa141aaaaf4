package org.sota4j.resolution;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.util.NDImageUtils;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import org.sota4j.sampling.Permutations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Inference resize tuning from torchvision's blog "How to train state-of-the-art models using
 * TorchVision's latest primitives" (which builds on FixRes, Touvron et al. 2019, arXiv
 * 1906.06423): evaluate one trained model over a sweep of eval resize / center-crop sizes,
 * choose the size on one half of the validation set and report accuracy on the other half, so
 * that the reported number is not tuned on itself. (The blog found resize 232 / crop 224 for a
 * model trained at 176.)
 *
 * <p>Preprocessing follows torchvision's eval preset on uint8 tensors: resize the shorter side
 * (bilinear, {@code align_corners=false}, antialiased by default as torchvision's PIL backend
 * and its v2 default, rounded back to 0..255), center crop
 * (offsets rounded half to even, as Python's {@code round}), scale to [0, 1] and normalize with
 * per-channel mean and std. Everything runs as batched NDArray operations.
 */
public final class InferenceResizeTuning {

    /** One eval size: the shorter side is resized to {@code resize}, then a center crop. */
    public record EvalSize(int resize, int crop) {

        /** Validates {@code 1 <= crop <= resize}. */
        public EvalSize {
            if (crop < 1 || resize < 1) {
                throw new IllegalArgumentException(
                        "resize and crop must be >= 1, got resize " + resize + ", crop " + crop);
            }
            if (crop > resize) {
                throw new IllegalArgumentException(
                        "crop must be <= resize, got resize " + resize + ", crop " + crop);
            }
        }
    }

    /** One size of a sweep with its accuracy on the selection half and on the report half. */
    public record SizeAccuracy(EvalSize size, double selectionAccuracy, double reportAccuracy) {}

    /**
     * The outcome of a sweep: every size with its accuracies (in sweep order), the size chosen on the selection
     * half and its accuracy on the report half.
     */
    public record Result(
            List<SizeAccuracy> sizes,
            EvalSize best,
            double selectionAccuracy,
            double reportedAccuracy,
            int[] selectionIndices,
            int[] reportIndices) {}

    private final Function<NDArray, NDArray> predictor;
    private final float[] mean;
    private final float[] std;
    private final List<EvalSize> sizes;
    private final int batchSize;
    private final long seed;
    private final boolean antialias;

    private InferenceResizeTuning(Builder b) {
        antialias = b.antialias;
        predictor = b.predictor;
        mean = b.mean;
        std = b.std;
        sizes = List.copyOf(b.sizes);
        batchSize = b.batchSize;
        seed = b.seed;
    }

    /** Returns a builder; predictor, normalization and sizes are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A predictor that forwards a DJL block in inference mode and returns its first output. */
    public static Function<NDArray, NDArray> predictor(Block block, ParameterStore store) {
        return x -> block.forward(store, new NDList(x), false).get(0);
    }

    /** Sizes with one crop and several resizes (the blog's sweep over the resize size). */
    public static List<EvalSize> resizes(int crop, int... resizes) {
        List<EvalSize> out = new ArrayList<>();
        for (int r : resizes) {
            out.add(new EvalSize(r, crop));
        }
        return out;
    }

    /**
     * The two halves of 0..n-1 after a shuffle with {@code seed}: the first {@code n / 2}
     * indices select, the rest report (each half sorted).
     */
    public static int[][] splitHalves(int n, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2 to split in halves, got " + n);
        }
        int[] order = Permutations.shuffled(n, new Random(seed));
        int[] selection = Arrays.copyOfRange(order, 0, n / 2);
        int[] report = Arrays.copyOfRange(order, n / 2, n);
        Arrays.sort(selection);
        Arrays.sort(report);
        return new int[][] {selection, report};
    }

    /**
     * Runs the sweep.
     *
     * @param images uint8 (or float32 on 0..255) N x C x H x W
     * @param labels N class indices
     */
    public Result tune(NDArray images, int[] labels) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be N x C x H x W, got shape " + shape);
        }
        int n = Math.toIntExact(shape.get(0));
        if (labels.length != n) {
            throw new IllegalArgumentException(
                    "labels must have one entry per image (" + n + "), got " + labels.length);
        }
        if (shape.get(1) != mean.length) {
            throw new IllegalArgumentException(
                    "images must have " + mean.length + " channels (normalization), got "
                            + shape.get(1));
        }
        int[][] halves = splitHalves(n, seed);
        List<SizeAccuracy> swept = new ArrayList<>();
        int bestRow = -1;
        double bestSel = -1;
        for (int s = 0; s < sizes.size(); s++) {
            EvalSize size = sizes.get(s);
            boolean[] correct = correctness(images, labels, size);
            double sel = accuracy(correct, halves[0]);
            swept.add(new SizeAccuracy(size, sel, accuracy(correct, halves[1])));
            if (sel > bestSel) {
                bestSel = sel;
                bestRow = s;
            }
        }
        return new Result(List.copyOf(swept), sizes.get(bestRow), bestSel, swept.get(bestRow).reportAccuracy(),
                halves[0], halves[1]);
    }

    /** Whether each image is classified correctly at one eval size. */
    public boolean[] correctness(NDArray images, int[] labels, EvalSize size) {
        int n = Math.toIntExact(images.getShape().get(0));
        boolean[] correct = new boolean[n];
        NDManager parent = images.getManager();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            try (NDManager scope = parent.newSubManager()) {
                NDArray batch = images.get(start + ":" + end);
                batch.attach(scope);
                NDArray input = normalize(resizeAndCrop(batch, size.resize(), size.crop(), antialias));
                NDArray logits = predictor.apply(input);
                long[] predicted = logits.argMax(1).toType(DataType.INT64, false).toLongArray();
                if (predicted.length != end - start) {
                    throw new IllegalStateException(
                            "predictor must return one row of logits per image, got "
                                    + logits.getShape() + " for " + (end - start) + " images");
                }
                for (int i = start; i < end; i++) {
                    correct[i] = predicted[i - start] == labels[i];
                }
            }
        }
        return correct;
    }

    /** {@code (x / 255 - mean) / std} per channel. */
    private NDArray normalize(NDArray x) {
        NDManager m = x.getManager();
        NDArray meanArr = m.create(mean, new Shape(1, mean.length, 1, 1));
        NDArray stdArr = m.create(std, new Shape(1, std.length, 1, 1));
        return x.div(255f).sub(meanArr).div(stdArr);
    }

    /**
     * torchvision's eval geometry on a batch: {@link #resizeShorterSide} then {@link
     * #centerCrop}; returns float32 on 0..255 holding whole numbers (the uint8 result).
     */
    public static NDArray resizeAndCrop(NDArray images, int resize, int crop, boolean antialias) {
        new EvalSize(resize, crop);
        return centerCrop(resizeShorterSide(images, resize, antialias), crop);
    }

    /**
     * Resizes a uint8 or 0..255 float batch N x C x H x W so that its shorter side becomes
     * {@code size} and the longer {@code int(size * long / short)} (torchvision {@code
     * Resize(size)}), bilinear, rounded and clipped to 0..255; float32 out. With {@code
     * antialias} a downscale averages over the covered pixels (torchvision {@code
     * antialias=True}, PIL); without, it samples the 2 x 2 nearest pixels ({@code
     * antialias=False}); upscaling is the same either way.
     */
    public static NDArray resizeShorterSide(NDArray images, int size, boolean antialias) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be N x C x H x W, got shape " + shape);
        }
        long h = shape.get(2);
        long w = shape.get(3);
        long newH;
        long newW;
        if (h <= w) {
            newH = size;
            newW = (long) size * w / h;
        } else {
            newW = size;
            newH = (long) size * h / w;
        }
        NDArray x = images.toType(DataType.FLOAT32, false);
        if (newH == h && newW == w) {
            return x == images ? images.duplicate() : x;
        }
        NDArray resized;
        if (antialias) {
            // DJL's PyTorch resize is torch's bilinear interpolate with antialias=True
            NDArray nhwc = x.transpose(0, 2, 3, 1);
            resized = NDImageUtils.resize(nhwc, (int) newW, (int) newH, Image.Interpolation.BILINEAR)
                    .transpose(0, 3, 1, 2);
        } else {
            resized = bilinearAxis(bilinearAxis(x, 3, (int) newW), 2, (int) newH);
        }
        return resized.round().clip(0, 255);
    }

    /**
     * Bilinear resampling along one axis with {@code align_corners=false} and no antialias:
     * output i reads source {@code s = max(0, (i + 0.5) * in / out - 0.5)} between
     * {@code floor(s)} and the next pixel (clamped), weights computed in float as torch's
     * {@code upsample_bilinear2d} does (width first, then height, for the same rounding).
     */
    private static NDArray bilinearAxis(NDArray x, int axis, int outSize) {
        int inSize = (int) x.getShape().get(axis);
        if (inSize == outSize) {
            return x;
        }
        float scale = (float) inSize / outSize;
        long[] lo = new long[outSize];
        long[] hi = new long[outSize];
        float[] w0 = new float[outSize];
        float[] w1 = new float[outSize];
        for (int i = 0; i < outSize; i++) {
            float src = Math.max(0f, scale * (i + 0.5f) - 0.5f);
            int i0 = Math.min((int) src, inSize - 1);
            lo[i] = i0;
            hi[i] = Math.min(i0 + 1, inSize - 1);
            w1[i] = src - i0;
            w0[i] = 1f - w1[i];
        }
        NDManager m = x.getManager();
        String prefix = axis == 2 ? ":, :, {}" : ":, :, :, {}";
        NDArray a = x.get(new NDIndex(prefix, m.create(lo)));
        NDArray b = x.get(new NDIndex(prefix, m.create(hi)));
        Shape weightShape = axis == 2 ? new Shape(1, 1, outSize, 1) : new Shape(1, 1, 1, outSize);
        return a.mul(m.create(w0, weightShape)).add(b.mul(m.create(w1, weightShape)));
    }

    /**
     * Center crop of a batch N x C x H x W to {@code size} x {@code size}, offsets
     * {@code round((H - size) / 2)} rounded half to even (torchvision {@code center_crop}).
     */
    public static NDArray centerCrop(NDArray images, int size) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("images must be N x C x H x W, got shape " + shape);
        }
        long h = shape.get(2);
        long w = shape.get(3);
        if (size < 1 || size > h || size > w) {
            throw new IllegalArgumentException(
                    "size must be in [1, min(H, W) = " + Math.min(h, w) + "], got " + size);
        }
        int top = (int) Math.rint((h - size) / 2.0);
        int left = (int) Math.rint((w - size) / 2.0);
        return images.get(":, :, " + top + ":" + (top + size) + ", " + left + ":" + (left + size));
    }

    private static double accuracy(boolean[] correct, int[] indices) {
        int hits = 0;
        for (int i : indices) {
            if (correct[i]) {
                hits++;
            }
        }
        return (double) hits / indices.length;
    }

    /** Builder of {@link InferenceResizeTuning}. */
    public static final class Builder {
        private Function<NDArray, NDArray> predictor;
        private float[] mean;
        private float[] std;
        private List<EvalSize> sizes;
        private int batchSize = 256;
        private long seed;
        private boolean antialias = true;

        private Builder() {}

        /**
         * Whether downscaling is antialiased: true (default) as torchvision's PIL backend and
         * its v2 tensor default; false as tensor {@code Resize} with {@code antialias=False}.
         */
        public Builder optAntialias(boolean antialias) {
            this.antialias = antialias;
            return this;
        }

        /** Sets the map from a normalized float32 batch N x C x h x w to logits N x K. */
        public Builder setPredictor(Function<NDArray, NDArray> predictor) {
            this.predictor = predictor;
            return this;
        }

        /** Sets the predictor to a DJL block in inference mode. */
        public Builder setPredictor(Block block, ParameterStore store) {
            this.predictor = predictor(block, store);
            return this;
        }

        /**
         * Sets per-channel mean and std on the [0, 1] scale, as torchvision's {@code Normalize}
         * (ImageNet: 0.485, 0.456, 0.406 / 0.229, 0.224, 0.225).
         */
        public Builder setNormalization(float[] mean, float[] std) {
            this.mean = mean.clone();
            this.std = std.clone();
            return this;
        }

        /** Sets the eval sizes to sweep, in table order. */
        public Builder setSizes(List<EvalSize> sizes) {
            this.sizes = new ArrayList<>(sizes);
            return this;
        }

        /** Sets the evaluation batch size, default 256. */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Sets the seed of the split into halves, default 0. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Validates and builds. */
        public InferenceResizeTuning build() {
            if (predictor == null) {
                throw new IllegalArgumentException("predictor must be set, got null");
            }
            if (mean == null || std == null || mean.length == 0 || mean.length != std.length) {
                throw new IllegalArgumentException(
                        "normalization must have one mean and one std per channel, got "
                                + Arrays.toString(mean) + " / " + Arrays.toString(std));
            }
            for (float s : std) {
                if (!(s > 0)) {
                    throw new IllegalArgumentException(
                            "std must be > 0 per channel, got " + Arrays.toString(std));
                }
            }
            if (sizes == null || sizes.isEmpty()) {
                throw new IllegalArgumentException("sizes must not be empty, got " + sizes);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            return new InferenceResizeTuning(this);
        }
    }
}
