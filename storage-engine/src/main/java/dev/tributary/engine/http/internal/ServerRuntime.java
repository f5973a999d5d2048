package dev.tributary.engine.http.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

/** What connection handlers share: the dispatcher, the worker pool and the in-flight count. */
final class ServerRuntime {
  private final ApiDispatcher dispatcher;
  private final ExecutorService workers;
  private final Object lock = new Object();
  private int inFlight;
  private volatile boolean draining;

  ServerRuntime(ApiDispatcher dispatcher, ExecutorService workers) {
    this.dispatcher = dispatcher;
    this.workers = workers;
  }

  ApiDispatcher dispatcher() {
    return dispatcher;
  }

  ExecutorService workers() {
    return workers;
  }

  boolean draining() {
    return draining;
  }

  void begin() {
    synchronized (lock) {
      inFlight++;
    }
  }

  void end() {
    synchronized (lock) {
      inFlight--;
      if (inFlight == 0) {
        lock.notifyAll();
      }
    }
  }

  /** Marks the server as draining and waits up to {@code timeout} for in-flight requests. */
  boolean drain(Duration timeout) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }
}
