package dev.tributary.core.runner.internal;

import java.util.Optional;

/**
 * The handler listed the event in its batch result's failures, with its reason when it gave one:
 * the error the runner and replay's redelivery record (log, dead-letter headers) for it.
 */
public final class ReportedFailure extends RuntimeException {
  public ReportedFailure(String handler, Optional<String> reason) {
    super(
        "Handler "
            + handler
            + " reported the event as failed"
            + reason.map(r -> ": " + r).orElse(""),
        null,
        false,
        false);
  }
}
