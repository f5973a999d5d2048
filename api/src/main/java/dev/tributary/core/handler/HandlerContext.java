package dev.tributary.core.handler;

/** Where a handler runs: its pipeline and its own name in it. */
public interface HandlerContext {
  String pipeline();

  String handler();

  /**
   * A context naming the pipeline and the handler, for runners and for calling handlers directly.
   */
  static HandlerContext of(String pipeline, String handler) {
    return new Contexts.Handler(pipeline, handler);
  }
}
