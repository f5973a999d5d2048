package dev.tributary.core.pipeline;

import dev.tributary.core.EventName;
import dev.tributary.core.pipeline.internal.EventPredicates;
import java.util.Set;

/**
 * The common route conditions. A route is any {@link EventPredicate}; it sees the event after view
 * scoping, so {@code onInsert()} in a scoped pipeline means "entered the view".
 */
public final class Routes {
  private Routes() {}

  public static EventPredicate onInsert() {
    return new EventPredicates.EventNameIn(Set.of(EventName.INSERT));
  }

  public static EventPredicate onModify() {
    return new EventPredicates.EventNameIn(Set.of(EventName.MODIFY));
  }

  public static EventPredicate onRemove() {
    return new EventPredicates.EventNameIn(Set.of(EventName.REMOVE));
  }

  /** INSERT or MODIFY: the item exists after the change. */
  public static EventPredicate onUpsert() {
    return new EventPredicates.EventNameIn(Set.of(EventName.INSERT, EventName.MODIFY));
  }

  public static EventPredicate always() {
    return new EventPredicates.Always();
  }
}
