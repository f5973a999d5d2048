package dev.tributary.core.pipeline;

import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import java.util.Map;

/** Registered in test resources, so {@code HandlerSpec.ofType("noop", ...)} resolves. */
public class NoOpHandlerFactory implements HandlerFactory {
  @Override
  public String type() {
    return "noop";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    return new NoOpHandler(
        !"false".equals(String.valueOf(config.getOrDefault("snapshots", "true"))));
  }
}
