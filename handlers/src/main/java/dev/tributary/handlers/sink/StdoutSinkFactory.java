package dev.tributary.handlers.sink;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import java.util.List;
import java.util.Map;

/** {@code type: stdout}: each event's JSON on standard output. Key: {@code pretty}. */
public final class StdoutSinkFactory implements HandlerFactory {
  static final ConfigKey<Boolean> PRETTY =
      ConfigKey.bool("pretty", "indented JSON over several lines instead of one line per event")
          .withDefault(false);

  /** Every key this factory reads. */
  public static final List<ConfigKey<?>> KEYS = List.of(PRETTY);

  @Override
  public String type() {
    return "stdout";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Config c = Config.of(type(), config, KEYS);
    return LineSink.toStream(System.out, c.get(PRETTY).orElseThrow());
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return KEYS;
  }
}
