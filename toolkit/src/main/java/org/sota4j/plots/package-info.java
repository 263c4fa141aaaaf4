/**
 * The few figures that many notebooks draw: training curves, ablation bars and image grids, as
 * XChart charts or {@link java.awt.image.BufferedImage}s, which Java Jupyter kernels render inline
 * as PNG, and {@link org.sota4j.plots.Tables}, which shows a Tablesaw table as an HTML table with a
 * plain-text alternative. Anything drawn once stays in the notebook, written with XChart's own builders.
 */
package org.sota4j.plots;
