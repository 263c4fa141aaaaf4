/**
 * What a trained model is measured by: {@link org.sota4j.metrics.Evaluation} (accuracy, predictions and
 * probabilities, batch by batch, optionally through an evaluation transform) and
 * {@link org.sota4j.metrics.Calibration} (expected and maximum calibration error, reliability bins, NLL).
 */
package org.sota4j.metrics;
