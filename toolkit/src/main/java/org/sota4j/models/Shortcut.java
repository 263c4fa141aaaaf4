package org.sota4j.models;

/**
 * How a residual block matches its shortcut to a branch that changes the channel count or the
 * resolution (He et al. 2016, arXiv 1512.03385, section 3.3). Blocks whose shape does not change
 * always use the identity.
 */
public enum Shortcut {
    /**
     * Option A: the identity subsampled with stride, the extra channels filled with zeros; no
     * parameters. The paper's CIFAR-10 ResNets (ResNet-20: 0.27M parameters) use it.
     */
    ZERO_PAD,
    /**
     * Option B: a strided 1x1 convolution followed by normalization, as in torchvision's ResNets.
     */
    PROJECTION
}
