package dev.tributary.core.handler;

/** Where a handler runs: its pipeline and its own name in it. */
public interface HandlerContext {
  String pipeline();

  String handler();
}
