package dev.tributary.core.pipeline;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An idempotent sink on disk, keyed by eventID: an append-only file with one line per applied
 * event, fsynced before the batch is reported done. A redelivered event (its eventID is already in
 * the file) is not applied again; it is logged as {@code =eventID} so a test can count them. A line
 * cut short by a crash was never acknowledged, so it is dropped on open and the event comes again.
 */
final class LedgerHandler implements ChangeHandler {
  static final String REDELIVERY = "=";

  private final Path file;
  private final Set<String> applied = new HashSet<>();
  private FileChannel channel;

  LedgerHandler(Path file) {
    this.file = file;
  }

  @Override
  public void open(HandlerContext context) throws IOException {
    Files.createDirectories(file.getParent());
    channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') {
      end--; // a partial last line: written, not fsynced as a whole, never acknowledged
    }
    channel.truncate(end);
    channel.position(end);
    for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isEmpty() && !line.startsWith(REDELIVERY)) {
        applied.add(line);
      }
    }
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws IOException {
    StringBuilder lines = new StringBuilder(batch.size() * 32);
    for (ChangeEvent e : batch) {
      lines.append(applied.add(e.eventId()) ? "" : REDELIVERY).append(e.eventId()).append('\n');
    }
    ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      channel.write(buf);
    }
    channel.force(false);
    return BatchResult.success();
  }

  @Override
  public boolean idempotent() {
    return true;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
