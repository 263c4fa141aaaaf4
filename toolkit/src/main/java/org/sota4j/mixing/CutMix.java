package org.sota4j.mixing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import org.sota4j.augmentation.CropBox;

import java.util.Random;

/**
 * CutMix (Yun et al. 2019, arXiv 1905.04899) at batch level: a box of the rolled batch
 * (torchvision {@code batch.roll(1, 0)}) is pasted into every image and the targets are mixed by
 * the share of the image that was kept.
 *
 * <p>Semantics follow torchvision's {@code transforms.v2.CutMix} and the classification
 * reference's {@code RandomCutmix}: lambda ~ Beta(alpha, alpha); box half-sides
 * {@code int(0.5 * sqrt(1 - lambda) * W)} and {@code int(0.5 * sqrt(1 - lambda) * H)} around a
 * center drawn uniformly among the pixels, clipped to the image; lambda then corrected to
 * {@code 1 - boxArea / (H * W)}. Use it with or instead of mixup (torchvision recipe: alpha 1.0,
 * chosen half of the time). {@code alpha == 0} disables it. Targets may already be smoothed.
 */
public final class CutMix extends BetaMixer {

    /**
     * A pasted box: the region (torchvision's corners {@code x1, y1, x2, y2} are its {@code left, top, right(),
     * bottom()}) and the corrected lambda (share of each image that keeps its own pixels).
     */
    public record Box(CropBox region, double lambda) {

        /** The number of pasted pixels per channel. */
        public int area() {
            return region.area();
        }

        /** True when nothing is pasted. */
        public boolean isEmpty() {
            return area() == 0;
        }
    }

    private CutMix(Builder builder) {
        super(builder);
    }

    /** Returns a builder (alpha 1.0 as torchvision v2 {@code CutMix}, probability 1.0). */
    public static Builder builder() {
        return new Builder();
    }

    /** A CutMix with the given alpha, always applied. */
    public static CutMix of(double alpha) {
        return builder().optAlpha(alpha).build();
    }

    /**
     * Draws this batch's box for images of the given size: lambda from Beta(alpha, alpha), then
     * the center uniformly; an empty box (lambda 1) when alpha is 0 or the batch is skipped.
     */
    public Box drawBox(int height, int width, Random random) {
        checkSize(height, width);
        if (!mixes(random)) {
            return new Box(new CropBox(0, 0, 0, 0), 1.0);
        }
        double lambda = sampleLambda(random);
        int centerX = random.nextInt(width);
        int centerY = random.nextInt(height);
        return boxFor(lambda, centerX, centerY, height, width);
    }

    /**
     * The box for a given lambda and center: half-sides {@code int(0.5 * sqrt(1 - lambda) * W)}
     * and {@code int(0.5 * sqrt(1 - lambda) * H)}, clipped to the image, and the corrected lambda
     * {@code 1 - area / (H * W)}.
     */
    public static Box boxFor(double lambda, int centerX, int centerY, int height, int width) {
        Rolls.checkProbability("lambda", lambda);
        checkSize(height, width);
        if (centerX < 0 || centerX >= width) {
            throw new IllegalArgumentException(
                    "centerX must be in [0, " + width + "), got " + centerX);
        }
        if (centerY < 0 || centerY >= height) {
            throw new IllegalArgumentException(
                    "centerY must be in [0, " + height + "), got " + centerY);
        }
        double r = 0.5 * Math.sqrt(1.0 - lambda);
        int halfW = (int) (r * width);
        int halfH = (int) (r * height);
        int x1 = Math.max(centerX - halfW, 0);
        int y1 = Math.max(centerY - halfH, 0);
        int x2 = Math.min(centerX + halfW, width);
        int y2 = Math.min(centerY + halfH, height);
        double corrected = 1.0 - (double) ((x2 - x1) * (y2 - y1)) / ((double) width * height);
        return new Box(new CropBox(y1, x1, y2 - y1, x2 - x1), corrected);
    }

    @Override
    public NDList mix(NDArray images, NDArray targets, Random random) {
        Rolls.checkBatch(images, targets);
        int height = (int) images.getShape().get(2);
        int width = (int) images.getShape().get(3);
        Box box = drawBox(height, width, random);
        if (box.isEmpty()) {
            return new NDList(images, targets);
        }
        return apply(images, targets, box);
    }

    /**
     * Pastes {@code box} of the rolled batch into each image and mixes the targets with the
     * box's lambda.
     *
     * @param images float32 N x C x H x W
     * @param targets float32 N x K class probabilities
     * @param box the box (its lambda should be the pasted area's complement, as from {@link
     *     #boxFor})
     * @return the mixed images and targets, attached to {@code images.getManager()}
     */
    public static NDList apply(NDArray images, NDArray targets, Box box) {
        Rolls.checkBatch(images, targets);
        int height = (int) images.getShape().get(2);
        int width = (int) images.getShape().get(3);
        CropBox r = box.region();
        if (r.left() < 0 || r.top() < 0 || r.right() > width || r.bottom() > height || r.width() < 0
                || r.height() < 0) {
            throw new IllegalArgumentException(
                    "box must lie inside the " + height + " x " + width + " image, got " + box);
        }
        Rolls.checkProbability("box.lambda", box.lambda());
        NDManager parent = images.getManager();
        try (NDManager scope = parent.newSubManager()) {
            images.tempAttach(scope);
            targets.tempAttach(scope);
            NDArray mixed = images.duplicate();
            if (!box.isEmpty()) {
                NDIndex region =
                        new NDIndex(":, :, {}:{}, {}:{}", r.top(), r.bottom(), r.left(), r.right());
                mixed.set(region, Rolls.rollByOne(images).get(region));
            }
            NDArray mixedTargets = Rolls.mixTargets(targets, box.lambda());
            mixed.attach(parent);
            mixedTargets.attach(parent);
            return new NDList(mixed, mixedTargets);
        }
    }

    private static void checkSize(int height, int width) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "height and width must be >= 1, got " + height + " x " + width);
        }
    }

    @Override
    public String toString() {
        return "CutMix(alpha=" + getAlpha() + ", p=" + getProbability() + ")";
    }

    /** Builder of {@link CutMix}. */
    public static final class Builder extends BetaMixer.Builder<Builder> {

        private Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /** Validates and builds. */
        public CutMix build() {
            validate();
            return new CutMix(this);
        }
    }
}
