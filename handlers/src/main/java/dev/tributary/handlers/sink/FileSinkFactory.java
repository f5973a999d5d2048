package dev.tributary.handlers.sink;

import dev.tributary.core.ConfigKey;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import dev.tributary.handlers.internal.Config;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: file}: JSON lines appended to a file. Keys: {@code path}, {@code fsync}, {@code
 * rotate.max-bytes}.
 */
public final class FileSinkFactory implements HandlerFactory {
  static final ConfigKey<String> PATH =
      ConfigKey.string(
              "path",
              "the file to append to, relative to the configuration file; default events.jsonl"
                  + " in the working directory")
          .withDefault("events.jsonl");
  static final ConfigKey<FileSink.Fsync> FSYNC =
      ConfigKey.oneOf(
              "fsync", "batch (force to disk before each commit) or never", FileSink.Fsync.class)
          .withDefault(FileSink.Fsync.BATCH);
  static final ConfigKey<Integer> ROTATE =
      ConfigKey.integer(
              "rotate.max-bytes",
              "rename the file to `<path>.N` when it would grow past this; 0 = never",
              0,
              Integer.MAX_VALUE)
          .withDefault(0);

  /** Every key this factory reads. */
  public static final List<ConfigKey<?>> KEYS = List.of(PATH, FSYNC, ROTATE);

  @Override
  public String type() {
    return "file";
  }

  @Override
  public Set<String> pathKeys() {
    return Set.of(PATH.name());
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Config c = Config.of(type(), config, KEYS);
    Path path;
    try {
      path = Path.of(c.get(PATH).orElseThrow());
    } catch (InvalidPathException e) {
      throw c.invalid(PATH, new IllegalArgumentException(e.getMessage()));
    }
    return FileSink.of(path, c.get(FSYNC).orElseThrow(), c.get(ROTATE).orElseThrow());
  }

  @Override
  public List<ConfigKey<?>> configKeys() {
    return KEYS;
  }
}
