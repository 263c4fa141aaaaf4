/**
 * The recipe layer: {@link org.sota4j.recipe.Recipe} holds torchvision's {@code train.py} settings (plus the
 * toolkit's extras) and converts them to and from a {@code torchrun ... train.py} command line;
 * {@link org.sota4j.recipe.RecipeRunner} turns a recipe into a configured {@link org.sota4j.training.TrainingLoop},
 * and refuses what it cannot train ({@link org.sota4j.recipe.Recipe#unhonoured()}).
 */
package org.sota4j.recipe;
