package dev.tributary.connectors.internal;

import dev.tributary.connectors.ConnectorState;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A connector's state, changed only by compare-and-set, with the failure that ended it. */
public final class Lifecycle {
  private final String name;
  private final AtomicReference<ConnectorState> state = new AtomicReference<>(ConnectorState.NEW);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public Lifecycle(String name) {
    this.name = name;
  }

  public ConnectorState state() {
    return state.get();
  }

  /** Moves {@code from → to} or throws, naming the state found and the one expected. */
  public void transition(ConnectorState from, ConnectorState to) {
    if (!state.compareAndSet(from, to)) {
      throw new IllegalStateException(
          name + " is " + state.get() + ", not " + from + "; cannot move to " + to);
    }
  }

  /** Moves {@code from → to} if the state is {@code from}; true if it did. */
  public boolean tryTransition(ConnectorState from, ConnectorState to) {
    return state.compareAndSet(from, to);
  }

  /** Records the failure and moves to FAILED from wherever the connector was. */
  public void fail(Throwable cause) {
    failure.compareAndSet(null, cause);
    state.set(ConnectorState.FAILED);
  }

  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** True while the loop should keep going. */
  public boolean running() {
    return state.get() == ConnectorState.RUNNING;
  }
}
