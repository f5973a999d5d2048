package dev.tributary.worker;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code type: test-ledger}: appends each event's eventID to a file ({@code path}), with {@code "
 * snapshot"} after a snapshot event's; events whose first key value starts with {@code
 * poison-prefix} are bad records (dead-lettered at once); {@code delay-ms} makes each batch take
 * that long; with {@code poison-while: FILE}, poison keys are bad records only while FILE exists
 * (remove it to "fix the cause" before a redrive).
 */
public final class LedgerHandlerFactory implements HandlerFactory {
  @Override
  public String type() {
    return "test-ledger";
  }

  @Override
  public ChangeHandler create(Map<String, Object> config) {
    Set<String> known = Set.of("path", "poison-prefix", "delay-ms", "poison-while");
    for (String k : config.keySet()) {
      if (!known.contains(k)) {
        throw new IllegalArgumentException("test-ledger handler: unknown key '" + k + "'");
      }
    }
    Object path = config.get("path");
    if (path == null) {
      throw new IllegalArgumentException("test-ledger handler: key 'path' is required");
    }
    String poison = String.valueOf(config.getOrDefault("poison-prefix", "\u0000none"));
    long delay = Long.parseLong(String.valueOf(config.getOrDefault("delay-ms", "0")));
    Object poisonWhile = config.get("poison-while");
    return new Ledger(
        Path.of(path.toString()),
        poison,
        delay,
        poisonWhile == null ? null : Path.of(poisonWhile.toString()));
  }

  @SuppressWarnings("try") // ChangeHandler.close() declares Exception
  static final class Ledger implements ChangeHandler {
    private final Path file;
    private final String poison;
    private final long delayMs;
    private final Path poisonWhile;

    Ledger(Path file, String poison, long delayMs, Path poisonWhile) {
      this.file = file;
      this.poison = poison;
      this.delayMs = delayMs;
      this.poisonWhile = poisonWhile;
    }

    @Override
    public BatchResult handle(List<ChangeEvent> batch, BatchContext context)
        throws IOException, InterruptedException {
      Thread.sleep(delayMs); // a slow effect, so a stop finds a batch in flight
      StringBuilder lines = new StringBuilder();
      for (ChangeEvent e : batch) {
        AttributeValue key = e.dynamodb().keys().values().iterator().next();
        if (key instanceof AttributeValue.S s
            && s.value().startsWith(poison)
            && (poisonWhile == null || Files.exists(poisonWhile))) {
          throw new BadRecordException("poison key " + s.value());
        }
        lines.append(e.eventId()).append(e.snapshot() ? " snapshot" : "").append('\n');
      }
      Files.writeString(
          file,
          lines,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE,
          StandardOpenOption.SYNC);
      return BatchResult.success();
    }

    @Override
    public boolean idempotent() {
      return false;
    }
  }
}
