package dev.tributary.core.replay;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Where a replay starts or ends: a point in time (the events' creation time, or a lane record's
 * timestamp) or a source sequence number. Sequence numbers are per source table, so a sequence
 * position is meant for pipelines with one source table.
 */
public sealed interface Position {

  /** True when {@code event} lies at or after this position (a start admits it). */
  boolean eventIsAtOrAfter(ChangeEvent event);

  /** True when {@code event} lies at or before this position (an end admits it). */
  boolean eventIsAtOrBefore(ChangeEvent event);

  /** Events created at or after / up to this instant. */
  record Time(Instant instant) implements Position {
    public Time {
      Objects.requireNonNull(instant, "instant");
    }

    @Override
    public boolean eventIsAtOrAfter(ChangeEvent event) {
      return !event.dynamodb().approximateCreationDateTime().isBefore(instant);
    }

    @Override
    public boolean eventIsAtOrBefore(ChangeEvent event) {
      return !event.dynamodb().approximateCreationDateTime().isAfter(instant);
    }

    @Override
    public String toString() {
      return instant.toString();
    }
  }

  /** Events whose source sequence number is at or after / up to this one. */
  record Sequence(BigInteger sequence) implements Position {
    public Sequence {
      Objects.requireNonNull(sequence, "sequence");
      if (sequence.signum() < 0) {
        throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
      }
    }

    @Override
    public boolean eventIsAtOrAfter(ChangeEvent event) {
      return sequenceOf(event).compareTo(sequence) >= 0;
    }

    @Override
    public boolean eventIsAtOrBefore(ChangeEvent event) {
      return sequenceOf(event).compareTo(sequence) <= 0;
    }

    @Override
    public String toString() {
      return "sequence " + sequence;
    }
  }

  static Position time(Instant instant) {
    return new Time(instant);
  }

  static Position sequence(long sequence) {
    return new Sequence(BigInteger.valueOf(sequence));
  }

  /**
   * Parses a command-line position: digits are a sequence number ({@code 1042}); otherwise an
   * ISO-8601 instant ({@code 2025-01-15T10:30:00Z}) or date ({@code 2025-01-15}, midnight UTC).
   */
  static Position parse(String text) {
    Objects.requireNonNull(text, "position");
    String t = text.trim();
    if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
      return new Sequence(new BigInteger(t));
    }
    try {
      return new Time(Instant.parse(t));
    } catch (DateTimeParseException e) {
      try {
        return new Time(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "position '"
                + text
                + "' is neither a sequence number (digits) nor a time (2025-01-15T10:30:00Z or"
                + " 2025-01-15)");
      }
    }
  }

  /** An event's source sequence number; a bad one is a bad record. */
  static BigInteger sequenceOf(ChangeEvent event) {
    try {
      return new BigInteger(event.dynamodb().sequenceNumber());
    } catch (NumberFormatException e) {
      throw new BadRecordException(
          "Event "
              + event.eventId()
              + " has SequenceNumber '"
              + event.dynamodb().sequenceNumber()
              + "', not a decimal integer",
          e);
    }
  }
}
