package dev.tributary.core.runner.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parked keys of a partition travel in the committed offset's metadata, so they are committed
 * atomically with the offsets that dead-lettered them and survive restarts and rebalances. The
 * broker bounds metadata ({@code offset.metadata.max.bytes}, 4096 by default): keys past {@link
 * #MAX_CHARS} stay parked only in memory.
 */
final class ParkedKeys {
  static final int MAX_CHARS = 3_500;
  private static final String PREFIX = "parked:";

  private ParkedKeys() {}

  static String encode(Map<ByteBuffer, String> parked) {
    if (parked.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(PREFIX);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    for (Map.Entry<ByteBuffer, String> e : parked.entrySet()) {
      ByteBuffer k = e.getKey().duplicate();
      byte[] key = new byte[k.remaining()];
      k.get(key);
      String item =
          b64.encodeToString(key)
              + "="
              + b64.encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8))
              + ",";
      if (sb.length() + item.length() > MAX_CHARS) {
        break;
      }
      sb.append(item);
    }
    return sb.toString();
  }

  static Map<ByteBuffer, String> decode(String metadata) {
    Map<ByteBuffer, String> out = new LinkedHashMap<>();
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return out;
    }
    Base64.Decoder b64 = Base64.getUrlDecoder();
    for (String item : metadata.substring(PREFIX.length()).split(",")) {
      int eq = item.indexOf('=');
      if (eq > 0) {
        out.put(
            ByteBuffer.wrap(b64.decode(item.substring(0, eq))),
            new String(b64.decode(item.substring(eq + 1)), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}
