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
    Bytes key = storeKey(table, recordKey);
    String last = store.get(key);
    if (last != null && sequence.compareTo(new BigInteger(last)) <= 0) {
      return false;
    }
    store.put(key, sequence.toString());
    return true;
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
