package dev.tributary.local.internal;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One server per JVM, started on first use and stopped by a shutdown hook: what each local server's
 * {@code shared()} hands to tests across classes.
 */
public final class SharedServer<T> {
  private final Supplier<T> start;
  private final Consumer<? super T> stop;
  private final String stopThreadName;
  private T server;

  public SharedServer(Supplier<T> start, Consumer<? super T> stop, String stopThreadName) {
    this.start = start;
    this.stop = stop;
    this.stopThreadName = stopThreadName;
  }

  public synchronized T get() {
    if (server == null) {
      T s = start.get();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.accept(s), stopThreadName));
      server = s;
    }
    return server;
  }
}
