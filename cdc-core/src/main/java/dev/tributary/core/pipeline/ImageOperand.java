package dev.tributary.core.pipeline;

import dev.tributary.core.AttributeValue;
import java.util.Map;
import java.util.Optional;

/**
 * What an image condition reads: the value of an attribute, its size, or a literal ({@link
 * ImageConditions#path}, {@link ImageConditions#size}, {@link ImageConditions#value}).
 */
@FunctionalInterface
public interface ImageOperand {
  /** The operand's value in {@code image}; empty when the attribute is missing (or has no size). */
  Optional<AttributeValue> valueIn(Map<String, AttributeValue> image);
}
