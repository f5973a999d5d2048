package dev.tributary.handlers.archive;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Events as JSON lines (one Lambda-shaped record per line), optionally gzipped. The bytes depend
 * only on the events: Java's gzip header carries no time or name, so a rewrite is identical.
 */
final class JsonLines {
  private JsonLines() {}

  static byte[] encode(List<ChangeEvent> events, boolean gzip) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512 * events.size());
    try (OutputStream out = gzip ? new GZIPOutputStream(bytes, 8192) : bytes) {
      for (ChangeEvent e : events) {
        out.write(ChangeEventJson.toJson(e).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads every line of {@code in} (closed here) as an event. */
  static List<ChangeEvent> decode(InputStream in, boolean gzip) throws IOException {
    List<ChangeEvent> out = new ArrayList<>();
    try (InputStream raw = in;
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(
                    gzip ? new GZIPInputStream(raw, 8192) : raw, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(ChangeEventJson.fromJson(line));
        }
      }
    }
    return out;
  }
}
