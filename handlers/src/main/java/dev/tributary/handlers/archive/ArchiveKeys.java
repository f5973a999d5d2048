package dev.tributary.handlers.archive;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Object keys: {@code prefix/table/yyyy/MM/dd/HH/<name>}, UTC hours, so keys sort by time and one
 * listing with start-after finds a time range. Sequence numbers are left-padded with zeros to at
 * least 20 digits; each source writes one width (the engine 21, Debezium 49), so a table's names
 * sort by sequence within an hour.
 */
final class ArchiveKeys {
  static final int SEQUENCE_WIDTH = 20;
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/");
  private static final int HOUR_LENGTH = "yyyy/MM/dd/HH/".length();

  /** What a key says: its hour and the first (lowest) sequence it holds. */
  record Parsed(Instant hour, BigInteger firstSequence, boolean gzip) {}

  private final String prefix;

  ArchiveKeys(String prefix) {
    this.prefix = normalize(prefix);
  }

  /** No leading or trailing slash; empty means the bucket's root. */
  static String normalize(String prefix) {
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  String tablePrefix(String table) {
    return prefix.isEmpty() ? table + "/" : prefix + "/" + table + "/";
  }

  String root() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  String hourPrefix(String table, Instant at) {
    return tablePrefix(table) + HOUR.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  String batchKey(
      String table, Instant firstEventTime, String firstSeq, String lastSeq, boolean gzip) {
    return hourPrefix(table, firstEventTime)
        + pad(firstSeq)
        + "-"
        + pad(lastSeq)
        + ".jsonl"
        + (gzip ? ".gz" : "");
  }

  String eventKey(String table, Instant eventTime, String seq, boolean gzip) {
    return hourPrefix(table, eventTime) + pad(seq) + ".json" + (gzip ? ".gz" : "");
  }

  /** Parses a key under {@code tablePrefix(table)}; empty for keys this archive did not write. */
  Optional<Parsed> parse(String table, String key) {
    String base = tablePrefix(table);
    if (!key.startsWith(base) || key.length() <= base.length() + HOUR_LENGTH) {
      return Optional.empty();
    }
    Instant hour;
    try {
      String h = key.substring(base.length(), base.length() + HOUR_LENGTH);
      hour = LocalDateTime.parse(h, HOUR).toInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    String name = key.substring(base.length() + HOUR_LENGTH);
    boolean gzip = name.endsWith(".gz");
    if (gzip) {
      name = name.substring(0, name.length() - 3);
    }
    String first;
    if (name.endsWith(".jsonl") && name.indexOf('-') > 0) {
      first = name.substring(0, name.indexOf('-'));
    } else if (name.endsWith(".json")) {
      first = name.substring(0, name.length() - ".json".length());
    } else {
      return Optional.empty();
    }
    if (first.isEmpty() || !first.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(new Parsed(hour, new BigInteger(first), gzip));
  }

  static Instant hourOf(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS);
  }

  static String pad(String seq) {
    if (seq.length() >= SEQUENCE_WIDTH) {
      return seq;
    }
    return "0".repeat(SEQUENCE_WIDTH - seq.length()) + seq;
  }
}
