package dev.tributary.core.pipeline.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The "last sequence applied" per (source table, record key): a source that delivers an event twice
 * (Debezium after a crash, a relay retry) sends a sequence at or below the last one seen for that
 * key, and the event is dropped. Sequence numbers are decimal strings, compared as integers because
 * their width differs between sources.
 */
public final class LastSequences {
  private final KeyValueStore<Bytes, String> store;

  public LastSequences(KeyValueStore<Bytes, String> store) {
    this.store = store;
  }

  /** Records {@code sequence} and returns true if it is newer than the last one seen. */
  public boolean advance(String table, byte[] recordKey, BigInteger sequence) {
    return advance(table, recordKey, sequence.toString());
  }

  /**
   * As {@link #advance(String, byte[], BigInteger)}, for a sequence already in canonical decimal
   * form ({@link #canonicalDecimal}): no {@code BigInteger} per event on the routing fast path.
   */
  public boolean advance(String table, byte[] recordKey, String next) {
    Bytes key = storeKey(table, recordKey);
    String last = store.get(key);
    if (last != null && compareDecimals(next, last) <= 0) {
      return false;
    }
    store.put(key, next);
    return true;
  }

  /**
   * Compares two canonical non-negative decimals (no sign, no leading zeros: what {@link
   * BigInteger#toString()} writes) without parsing them: the longer is larger, else by digits.
   */
  static int compareDecimals(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  /**
   * {@code text} as {@link BigInteger#toString()} would write it (leading zeros dropped), or null
   * when it is not a non-empty string of at most 64 ASCII digits.
   */
  public static String canonicalDecimal(String text) {
    int n = text.length();
    if (n == 0 || n > 64) {
      return null;
    }
    int firstNonZero = -1;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      if (firstNonZero < 0 && c != '0') {
        firstNonZero = i;
      }
    }
    return firstNonZero < 0 ? "0" : firstNonZero == 0 ? text : text.substring(firstNonZero);
  }

  /** Table name, a NUL (never in a table name), then the record key's bytes. */
  static Bytes storeKey(String table, byte[] recordKey) {
    byte[] t = table.getBytes(StandardCharsets.UTF_8);
    byte[] k = recordKey;
    byte[] out = new byte[t.length + 1 + k.length];
    System.arraycopy(t, 0, out, 0, t.length);
    System.arraycopy(k, 0, out, t.length + 1, k.length);
    return Bytes.wrap(out);
  }
}
