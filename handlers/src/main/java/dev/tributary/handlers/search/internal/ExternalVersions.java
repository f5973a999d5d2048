package dev.tributary.handlers.search.internal;

import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import java.math.BigInteger;

/**
 * The external version of an event's effect: its source sequence number, which grows with every
 * change of a table. OpenSearch keeps a document only if its version is higher than the stored one,
 * so a redelivered or older event changes nothing. OpenSearch versions are longs: a sequence number
 * beyond that (real DynamoDB Streams' can be) is a bad record, not silently truncated.
 */
public final class ExternalVersions {
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private ExternalVersions() {}

  public static long of(ChangeEvent event) {
    String seq = event.dynamodb().sequenceNumber();
    if (seq.isEmpty() || !seq.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new BadRecordException(
          "Event "
              + event.eventId()
              + " has the sequence number '"
              + seq
              + "', not a decimal integer");
    }
    BigInteger v = new BigInteger(seq);
    if (v.compareTo(MAX) > 0) {
      throw new BadRecordException(
          "Event "
              + event.eventId()
              + " has the sequence number "
              + seq
              + ", beyond OpenSearch's largest external version "
              + Long.MAX_VALUE);
    }
    return v.longValueExact();
  }
}
