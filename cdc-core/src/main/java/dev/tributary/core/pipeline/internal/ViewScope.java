package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.pipeline.ImagePredicate;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a table's change into the change of a view (a Firestore query listener's semantics): the
 * view holds the items whose image matches its predicate, and an event says what happened to the
 * view, not to the table.
 */
public final class ViewScope {
  private ViewScope() {}

  /** The view's event for {@code event}, or empty when the change happened outside the view. */
  public static Optional<ChangeEvent> apply(ImagePredicate view, ChangeEvent event) {
    boolean wasIn = inView(view, event.dynamodb().oldImage());
    boolean isIn = inView(view, event.dynamodb().newImage());
    EventName name = event.eventName();
    if (name == EventName.INSERT) {
      return isIn ? Optional.of(event) : Optional.empty();
    }
    if (name == EventName.REMOVE) {
      return wasIn ? Optional.of(event) : Optional.empty();
    }
    if (wasIn && isIn) {
      return Optional.of(event);
    }
    if (isIn) {
      // Entered the view: for the view's reader the item is new, so there is no old image.
      return Optional.of(
          EventCopies.rewrite(
              event, EventName.INSERT, event.dynamodb().newImage(), Optional.empty()));
    }
    if (wasIn) {
      // Left the view: the reader learns the item is gone; what it was is the old image.
      return Optional.of(
          EventCopies.rewrite(
              event, EventName.REMOVE, Optional.empty(), event.dynamodb().oldImage()));
    }
    return Optional.empty();
  }

  private static boolean inView(ImagePredicate view, Optional<Map<String, AttributeValue>> image) {
    return image.isPresent() && view.test(image.get());
  }
}
