package dev.tributary.core.testkit;

/**
 * Thrown by {@link Faults#crashAfterEffect} after the handler's effect is done: an {@link Error},
 * so the runner treats it as a crash of its process and stops at once, without committing. A new
 * runner of the lane then delivers the same events again.
 */
public final class SimulatedCrash extends Error {
  public SimulatedCrash(String message) {
    super(message, null, false, false);
  }
}
