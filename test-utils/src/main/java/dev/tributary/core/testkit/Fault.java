package dev.tributary.core.testkit;

import dev.tributary.core.handler.ChangeHandler;
import java.util.Objects;
import java.util.function.Supplier;

/** Wraps a handler so that it misbehaves in a chosen way; made by {@link Faults}. */
@FunctionalInterface
public interface Fault {
  ChangeHandler wrap(ChangeHandler handler);

  /** Every handler {@code factory} makes, wrapped: use it as a {@code LaneSpec}'s factory. */
  default Supplier<ChangeHandler> around(Supplier<? extends ChangeHandler> factory) {
    Objects.requireNonNull(factory, "factory");
    return () -> wrap(factory.get());
  }

  /** This fault, then {@code outer} around it. */
  default Fault andThen(Fault outer) {
    Objects.requireNonNull(outer, "outer");
    return h -> outer.wrap(wrap(h));
  }
}
