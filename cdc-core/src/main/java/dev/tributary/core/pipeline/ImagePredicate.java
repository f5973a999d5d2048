package dev.tributary.core.pipeline;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.pipeline.internal.ImagePredicates;
import java.util.Map;
import java.util.Objects;

/**
 * A test on one item image (a new or old image of a change event). It defines a pipeline's view
 * ({@link Pipeline.Builder#where}) and attribute filters ({@link Events#newImage(ImagePredicate)}).
 * Build them with {@link Images#attr}; combine with {@link #and}, {@link #or}, {@link #negate}.
 */
@FunctionalInterface
public interface ImagePredicate {

  boolean test(Map<String, AttributeValue> image);

  default ImagePredicate and(ImagePredicate other) {
    return ImagePredicates.and(this, Objects.requireNonNull(other, "other"));
  }

  default ImagePredicate or(ImagePredicate other) {
    return ImagePredicates.or(this, Objects.requireNonNull(other, "other"));
  }

  default ImagePredicate negate() {
    return ImagePredicates.not(this);
  }
}
