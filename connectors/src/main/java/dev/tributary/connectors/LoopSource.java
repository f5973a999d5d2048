package dev.tributary.connectors;

import dev.tributary.connectors.internal.Lifecycle;
import dev.tributary.connectors.internal.LoopThread;
import java.util.Optional;
import java.util.function.Function;

/**
 * A source whose one loop runs on its own thread (the engine relay, the DynamoDB Streams source):
 * its lifecycle, its state and failure, and a close that waits for the transaction in flight. Not
 * part of the API; its public methods are the sources' own.
 *
 * @param <L> the loop
 */
abstract class LoopSource<L extends Runnable> implements AutoCloseable {
  final L loop;
  private final Lifecycle lifecycle;
  private final LoopThread thread;

  /**
   * @param name the source in messages, e.g. {@code Relay default}
   * @param threadName its thread's name
   * @param loop makes the loop, given the lifecycle it must follow
   */
  LoopSource(String name, String threadName, Function<Lifecycle, L> loop) {
    this.lifecycle = new Lifecycle(name);
    this.loop = loop.apply(lifecycle);
    this.thread = new LoopThread(lifecycle, this.loop, threadName);
  }

  /** NEW → RUNNING on the source's own thread; a second start fails naming the state. */
  void startLoop() {
    thread.start();
  }

  public ConnectorState state() {
    return lifecycle.state();
  }

  /** Why the source is FAILED; empty otherwise. */
  public Optional<Throwable> failure() {
    return lifecycle.failure();
  }

  /**
   * Stops after the transaction in flight has committed, and closes the producer. Idempotent; what
   * the source reads (the engine, the Streams client) stays open: it is the caller's.
   */
  @Override
  public void close() {
    thread.stop();
  }
}
