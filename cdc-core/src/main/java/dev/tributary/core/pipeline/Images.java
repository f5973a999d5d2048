package dev.tributary.core.pipeline;

import java.util.function.Function;

/**
 * Conditions on an item image, for views ({@code where(Images.attr("status").eq(s("PENDING")))})
 * and for image filters ({@link Events#newImage(ImagePredicate)}).
 */
public final class Images {
  private Images() {}

  /** A condition on the attribute at {@code path} ({@code "status"}, {@code "address.city"}). */
  public static AttributeCondition<ImagePredicate> attr(String path) {
    return new AttributeCondition<>(path, Function.identity());
  }
}
