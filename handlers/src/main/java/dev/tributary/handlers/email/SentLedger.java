package dev.tributary.handlers.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The eventIDs whose mail the relay accepted, in an append-only file: one URL-encoded eventID per
 * line, forced to disk before {@link #add} returns. A redelivered event found here is not mailed
 * again. A torn last line (a crash mid-append) is dropped on open: that mail was accepted but not
 * recorded, so it may be sent once more, with the same Message-ID (the one window a mail relay
 * cannot close; receivers that dedup on Message-ID hide it).
 *
 * <p>Only the newest {@code maxEntries} IDs are kept: redelivery only concerns events not yet
 * committed, a window far shorter than that. Handlers in one JVM that name the same file share one
 * ledger; another process is kept out by a lock file.
 */
final class SentLedger implements AutoCloseable {
  private static final Map<Path, SentLedger> OPEN = new ConcurrentHashMap<>();

  private final Path file;
  private final int maxEntries;
  private final LinkedHashSet<String> ids = new LinkedHashSet<>();
  private final FileChannel lockChannel;
  private final FileLock lock;
  private FileChannel out;
  private int references;

  private SentLedger(Path file, int maxEntries) throws IOException {
    this.file = file;
    this.maxEntries = maxEntries;
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    lockChannel =
        FileChannel.open(lockFile(file), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l = lockChannel.tryLock();
    if (l == null) {
      lockChannel.close();
      throw new IllegalStateException(
          "email sent-ledger " + file + " is in use by another process");
    }
    lock = l;
    load();
    if (ids.size() > maxEntries) {
      compact();
    }
    out = append();
  }

  /** Opens the ledger at {@code file}, or shares the one this JVM already has open there. */
  static SentLedger open(Path file, int maxEntries) {
    Path key = file.toAbsolutePath().normalize();
    synchronized (OPEN) {
      SentLedger ledger = OPEN.get(key);
      if (ledger == null) {
        try {
          ledger = new SentLedger(key, maxEntries);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot open email sent-ledger " + key, e);
        }
        OPEN.put(key, ledger);
      }
      synchronized (ledger) {
        ledger.references++;
      }
      return ledger;
    }
  }

  synchronized boolean contains(String eventId) {
    return ids.contains(eventId);
  }

  /** Records a sent event durably. */
  synchronized void add(String eventId) throws IOException {
    if (!ids.add(eventId)) {
      return;
    }
    byte[] line =
        (URLEncoder.encode(eventId, StandardCharsets.UTF_8) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.wrap(line);
    while (buf.hasRemaining()) {
      out.write(buf);
    }
    out.force(false);
    if (ids.size() > maxEntries + maxEntries / 2) {
      compact(); // amortized: at most one rewrite per maxEntries/2 sends
    }
  }

  synchronized int size() {
    return ids.size();
  }

  @Override
  public void close() throws IOException {
    synchronized (OPEN) {
      synchronized (this) {
        if (--references > 0) {
          return;
        }
        OPEN.remove(file);
        try {
          out.close();
        } finally {
          lock.release();
          lockChannel.close();
        }
      }
    }
  }

  private void load() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] all = Files.readAllBytes(file);
    int end = all.length;
    while (end > 0 && all[end - 1] != '\n') {
      end--; // a torn last line: its send was not recorded
    }
    if (end != all.length) {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(end);
        ch.force(true);
      }
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty()) {
          ids.add(URLDecoder.decode(line, StandardCharsets.UTF_8));
        }
      }
    }
  }

  /** Keeps the newest maxEntries IDs: written to a temporary file, forced, then moved over. */
  private void compact() throws IOException {
    List<String> keep = new ArrayList<>(ids);
    keep = keep.subList(Math.max(0, keep.size() - maxEntries), keep.size());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    StringBuilder text = new StringBuilder(keep.size() * 40);
    for (String id : keep) {
      text.append(URLEncoder.encode(id, StandardCharsets.UTF_8)).append('\n');
    }
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    }
    if (out != null) {
      out.close();
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Iterator<String> it = ids.iterator();
    for (int drop = ids.size() - keep.size(); drop > 0; drop--) {
      it.next();
      it.remove();
    }
    if (out != null) {
      out = append();
    }
  }

  private FileChannel append() throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static Path lockFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".lock");
  }
}
