package org.sota4j.optimizers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient clipping by global L2 norm (Pascanu et al. 2013, "On the difficulty of training recurrent neural
 * networks", arXiv 1211.5063) and by value, with {@code torch.nn.utils.clip_grad_norm_} / {@code clip_grad_value_}
 * semantics; torchvision's {@code --clip-grad-norm} and timm's {@code --clip-grad} stabilise ViT training with it.
 *
 * <p>Call it after the backward pass and before {@code Trainer.step()}. It works on {@code parameter.getArray()}'s
 * gradient, i.e. single-device training where the trainer updates the parameters' own arrays; parameters that are
 * frozen, uninitialized or without a gradient are skipped. The global norm costs two native calls per gradient plus
 * three (one host sync), and one more per gradient when scaling.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /** See {@link #clipByGlobalNorm(Iterable, float)}; takes a block's {@code getParameters()}. */
    public static float clipByGlobalNorm(ParameterList parameters, float maxNorm) {
        return clipByGlobalNorm(values(parameters), maxNorm);
    }

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when that is below 1, where {@code total} is the L2
     * norm of all gradients concatenated.
     *
     * @return the total norm before clipping (NaN/infinite totals are returned and nothing is scaled)
     */
    public static float clipByGlobalNorm(Iterable<Parameter> parameters, float maxNorm) {
        if (!(maxNorm > 0) || Float.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be finite and > 0, got " + maxNorm);
        }
        List<NDArray> grads = gradients(parameters);
        if (grads.isEmpty()) {
            return 0f;
        }
        try (NDManager scope = grads.get(0).getManager().newSubManager()) {
            NDList norms = new NDList(grads.size());
            for (NDArray grad : grads) {
                NDArray norm = grad.norm();
                norm.attach(scope);
                norms.add(norm);
            }
            NDArray stacked = NDArrays.stack(norms);
            stacked.attach(scope);
            NDArray total = stacked.norm();
            total.attach(scope);
            float totalNorm = total.toType(DataType.FLOAT32, false).getFloat();
            float scale = (float) (maxNorm / (totalNorm + 1e-6));
            if (scale < 1f) {
                for (NDArray grad : grads) {
                    grad.muli(scale);
                }
            }
            return totalNorm;
        } finally {
            grads.forEach(NDArray::close);
        }
    }

    /** See {@link #clipByValue(Iterable, float)}; takes a block's {@code getParameters()}. */
    public static void clipByValue(ParameterList parameters, float clipValue) {
        clipByValue(values(parameters), clipValue);
    }

    /** Clamps every gradient element to [-clipValue, clipValue] in place. */
    public static void clipByValue(Iterable<Parameter> parameters, float clipValue) {
        if (!(clipValue > 0) || Float.isInfinite(clipValue)) {
            throw new IllegalArgumentException("clipValue must be finite and > 0, got " + clipValue);
        }
        for (NDArray grad : gradients(parameters)) {
            try (NDArray clipped = grad.clip(-clipValue, clipValue)) {
                grad.set(new NDIndex("..."), clipped);
            } finally {
                grad.close();
            }
        }
    }

    private static List<Parameter> values(ParameterList parameters) {
        List<Parameter> list = new ArrayList<>(parameters.size());
        for (Pair<String, Parameter> pair : parameters) {
            list.add(pair.getValue());
        }
        return list;
    }

    /** Returns handles to the gradients (closing a handle keeps the gradient itself). */
    private static List<NDArray> gradients(Iterable<Parameter> parameters) {
        List<NDArray> grads = new ArrayList<>();
        for (Parameter parameter : parameters) {
            if (parameter.requiresGradient() && parameter.isInitialized() && parameter.getArray().hasGradient()) {
                grads.add(parameter.getArray().getGradient());
            }
        }
        return grads;
    }
}
