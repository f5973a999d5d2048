package dev.tributary.connectors.internal;

import dev.tributary.connectors.ConnectorState;
import java.util.concurrent.TimeUnit;

/** The thread a source's loop runs on, started and stopped through the source's lifecycle. */
public final class LoopThread {
  /** How long a stop waits for the transaction in flight. */
  private static final long STOP_WAIT_SECONDS = 60;

  private final Lifecycle lifecycle;
  private final Thread thread;

  public LoopThread(Lifecycle lifecycle, Runnable loop, String threadName) {
    this.lifecycle = lifecycle;
    this.thread = new Thread(loop, threadName);
    thread.setDaemon(true);
  }

  /** NEW → RUNNING, then runs the loop; a second start fails naming the state. */
  public void start() {
    lifecycle.transition(ConnectorState.NEW, ConnectorState.RUNNING);
    thread.start();
  }

  /**
   * Asks the loop to stop and waits until it has (after its transaction in flight), unless called
   * from the loop itself. Idempotent; a source never started just becomes STOPPED.
   */
  public void stop() {
    if (lifecycle.tryTransition(ConnectorState.NEW, ConnectorState.STOPPED)) {
      return;
    }
    lifecycle.tryTransition(ConnectorState.RUNNING, ConnectorState.STOPPING);
    if (Thread.currentThread() != thread) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lifecycle.tryTransition(ConnectorState.STOPPING, ConnectorState.STOPPED);
  }
}
