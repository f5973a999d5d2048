package dev.tributary.core.pipeline;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.internal.EventPredicates;
import java.util.Objects;

/**
 * A test on one change event, used by pipeline filters and routes. Build them with {@link Events}
 * and {@link Routes}; combine with {@link #and}, {@link #or} and {@link #negate}. Every predicate
 * Tributary builds prints readably (its {@code toString}), which {@link Pipeline#describe()} shows;
 * give your own lambdas a name with {@link Events#matching}.
 *
 * <p>Predicates must be pure and thread-safe: the topology evaluates them on its stream threads.
 */
@FunctionalInterface
public interface EventPredicate {

  boolean test(ChangeEvent event);

  default EventPredicate and(EventPredicate other) {
    return EventPredicates.and(this, Objects.requireNonNull(other, "other"));
  }

  default EventPredicate or(EventPredicate other) {
    return EventPredicates.or(this, Objects.requireNonNull(other, "other"));
  }

  default EventPredicate negate() {
    return EventPredicates.not(this);
  }
}
