package dev.tributary.core.handler;

import java.util.Objects;

/** The plain contexts behind {@link HandlerContext#of} and {@link BatchContext#of}. */
final class Contexts {
  private Contexts() {}

  record Handler(String pipeline, String handler) implements HandlerContext {
    Handler {
      Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(handler, "handler");
    }
  }

  record Batch(
      String pipeline,
      String handler,
      int attempt,
      int partition,
      long firstOffset,
      long lastOffset)
      implements BatchContext {
    Batch {
      Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(handler, "handler");
    }
  }
}
