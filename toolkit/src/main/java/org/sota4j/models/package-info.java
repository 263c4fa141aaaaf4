/**
 * Image-classification networks as DJL blocks (NCHW float input, logits output): the CIFAR ResNets
 * of He et al. 2016 ({@link org.sota4j.models.CifarResNet}), pre-activation ResNets ({@link
 * org.sota4j.models.PreActResNet}), wide ResNets ({@link org.sota4j.models.WideResNet}),
 * torchvision-style ResNet-18/50 ({@link org.sota4j.models.ResNet}) and a small student CNN ({@link
 * org.sota4j.models.SmallCnn}), with static factories in {@link org.sota4j.models.Models}. Their
 * builders share the training-recipe options that live inside the network: ghost batch norm
 * ({@link org.sota4j.models.Norm}), dropout before the classifier, stochastic depth ({@link
 * org.sota4j.models.DropPath}) and zero-initialized residual branches.
 */
package org.sota4j.models;
