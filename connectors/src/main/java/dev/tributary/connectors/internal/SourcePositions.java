package dev.tributary.connectors.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A change's SequenceNumber from its position in the database's log, as a fixed-width decimal (so
 * text order is numeric order) that grows in the order Debezium delivers changes, and is the same
 * when a change is delivered again after a restart: that is what lets the topology's per-key
 * sequence store drop redeliveries.
 *
 * <ul>
 *   <li>Postgres: Debezium's {@code source.sequence} {@code [last commit LSN, change LSN]}: changes
 *       arrive in commit order, and within a transaction in LSN order, so the pair orders them.
 *   <li>MySQL / MariaDB: binlog file number, event position, row within the event.
 * </ul>
 *
 * The lowest bit tells the two events of a primary-key change apart (REMOVE of the old key, then
 * INSERT of the new key, both from one log entry).
 */
public final class SourcePositions {
  /** 2^160 needs 49 decimal digits. */
  static final int WIDTH = 49;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SourcePositions() {}

  public static BigInteger postgres(Struct source) {
    long commit = 0;
    long lsn = longOr(source, "lsn", 0);
    String sequence = stringOr(source, "sequence");
    if (sequence != null) {
      try {
        JsonNode pair = JSON.readTree(sequence);
        commit = lsnOf(pair.get(0));
        long change = lsnOf(pair.get(1));
        lsn = change != 0 ? change : lsn;
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException(
            "Unreadable Postgres source.sequence '" + sequence + "'", e);
      }
    }
    return unsigned(commit).shiftLeft(64).or(unsigned(lsn));
  }

  public static BigInteger binlog(Struct source) {
    String file = stringOr(source, "file");
    long fileNumber = 0;
    if (file != null) {
      String digits = file.substring(file.lastIndexOf('.') + 1).replaceAll("\\D", "");
      fileNumber = digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
    long pos = longOr(source, "pos", 0);
    long row = longOr(source, "row", 0);
    return BigInteger.valueOf(fileNumber)
        .shiftLeft(64)
        .or(unsigned(pos))
        .shiftLeft(32)
        .or(BigInteger.valueOf(row & 0xffffffffL));
  }

  /** The sequence text of a position; {@code second} for the INSERT half of a key change. */
  public static String format(BigInteger position, boolean second) {
    String digits = position.shiftLeft(1).or(second ? BigInteger.ONE : BigInteger.ZERO).toString();
    if (digits.length() > WIDTH) {
      throw new IllegalArgumentException("Source position " + position + " is out of range");
    }
    return "0".repeat(WIDTH - digits.length()) + digits;
  }

  private static long lsnOf(JsonNode n) {
    return n == null || n.isNull() ? 0 : Long.parseUnsignedLong(n.asText());
  }

  private static BigInteger unsigned(long v) {
    return new BigInteger(Long.toUnsignedString(v));
  }

  private static long longOr(Struct s, String field, long fallback) {
    Field f = s.schema().field(field);
    Object v = f == null ? null : s.get(f);
    return v instanceof Number n ? n.longValue() : fallback;
  }

  private static String stringOr(Struct s, String field) {
    Field f = s.schema().field(field);
    Object v = f == null ? null : s.get(f);
    return v == null ? null : v.toString();
  }
}
