/**
 * Whole-model weight techniques: {@link org.sota4j.weights.ModelEma} keeps an exponential moving average of the
 * weights and BatchNorm statistics for evaluation (torchvision/timm model EMA), and
 * {@link org.sota4j.weights.Transfer} loads pretrained DJL weights, freezes and unfreezes parts, swaps the
 * classifier head and builds backbone learning-rate multipliers for fine-tuning, and
 * {@link org.sota4j.weights.BestWeights} is early stopping's memory: the patience rule and the best epoch's weights.
 */
package org.sota4j.weights;
