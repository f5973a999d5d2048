package dev.tributary.handlers.sink;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import java.util.List;
import java.util.Map;

/**
 * {@code type: log}: each event's JSON as an INFO message of logger {@code dev.tributary.sink}.
 * Key: {@code pretty}.
 */
public final class LogSinkFactory implements HandlerFactory {
  /** Every key this factory reads. */
  public static final List<ConfigKey<?>> KEYS = List.of(StdoutSinkFactory.PRETTY);

  @Override
  public String type() {
    return "log";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Config c = Config.of(type(), config, KEYS);
    return LineSink.toLog(c.get(StdoutSinkFactory.PRETTY).orElseThrow());
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return KEYS;
  }
}
