package dev.tributary.handlers.sink;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.handler.HandlerContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;

/**
 * Appends each event as one line of Lambda-shaped JSON to a file ({@code type: file}).
 *
 * <p>Delivery is at least once: after a crash between the append and the runner's commit, the batch
 * is appended again. Readers that need each event once keep the first line of each {@code eventID}.
 * With {@link Fsync#BATCH} a batch is on disk before it is committed; with {@link Fsync#NEVER} the
 * operating system decides, and a machine crash can lose lines the runner has committed. With a
 * rotation size, a file that would grow past it is renamed to {@code <path>.1}, {@code <path>.2},
 * ... (highest is newest) and a new one started.
 */
public final class FileSink implements ChangeHandler {
  /** When appended lines are forced to disk. */
  public enum Fsync {
    /** After every batch, before the runner commits it. */
    BATCH,
    /** Never explicitly. */
    NEVER
  }

  private final Path path;
  private final Fsync fsync;
  private final long rotateBytes;
  private FileChannel channel;

  private FileSink(Path path, Fsync fsync, long rotateBytes) {
    this.path = path;
    this.fsync = fsync;
    this.rotateBytes = rotateBytes;
  }

  /**
   * A sink appending to {@code path}; {@code rotateBytes} 0 means never rotate.
   *
   * @throws IllegalArgumentException if rotateBytes is negative
   */
  public static FileSink of(Path path, Fsync fsync, long rotateBytes) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(fsync, "fsync");
    if (rotateBytes < 0) {
      throw new IllegalArgumentException(
          "rotateBytes must be 0 (never) or positive, was " + rotateBytes);
    }
    return new FileSink(path.toAbsolutePath(), fsync, rotateBytes);
  }

  public Path path() {
    return path;
  }

  @Override
  public void open(HandlerContext context) throws IOException {
    ensureOpen();
  }

  private void ensureOpen() throws IOException {
    if (channel == null) {
      Path dir = path.getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
  }

  @Override
  public synchronized BatchResult handle(List<ChangeEvent> batch, BatchContext context)
      throws IOException {
    ensureOpen();
    ByteArrayOutputStream buf = new ByteArrayOutputStream(256 * batch.size());
    for (ChangeEvent e : batch) {
      byte[] line = (ChangeEventJson.toJson(e) + "\n").getBytes(StandardCharsets.UTF_8);
      if (rotateBytes > 0
          && channel.size() + buf.size() > 0
          && channel.size() + buf.size() + line.length > rotateBytes) {
        write(buf);
        rotate();
      }
      buf.writeBytes(line);
    }
    write(buf);
    if (fsync == Fsync.BATCH) {
      channel.force(false);
    }
    return BatchResult.success();
  }

  private void write(ByteArrayOutputStream buf) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buf.toByteArray());
    while (bb.hasRemaining()) {
      channel.write(bb);
    }
    buf.reset();
  }

  private void rotate() throws IOException {
    if (channel.size() == 0) {
      return;
    }
    channel.force(false);
    channel.close();
    channel = null;
    int n = 1;
    while (Files.exists(Path.of(path + "." + n))) {
      n++;
    }
    Files.move(path, Path.of(path + "." + n), StandardCopyOption.ATOMIC_MOVE);
    ensureOpen();
  }

  @Override
  public synchronized void close() throws IOException {
    if (channel != null) {
      channel.force(false);
      channel.close();
      channel = null;
    }
  }
}
