package dev.tributary.core.pipeline.internal;

import dev.tributary.core.ChangeEvent;
import java.util.Optional;

/**
 * The source table of an event, read from its {@code eventSourceARN} ({@code
 * arn:aws:dynamodb:REGION:ACCOUNT:table/NAME/stream/LABEL}), the way Lambda code finds it. Every
 * source maps its events into this shape, so this works for engine, Debezium and DynamoDB events.
 */
public final class EventTables {
  private static final String MARK = ":table/";

  private EventTables() {}

  public static Optional<String> tableOf(ChangeEvent event) {
    String arn = event.eventSourceArn();
    int start = arn.indexOf(MARK);
    if (start < 0) {
      return Optional.empty();
    }
    start += MARK.length();
    int end = arn.indexOf('/', start);
    String name = end < 0 ? arn.substring(start) : arn.substring(start, end);
    return name.isEmpty() ? Optional.empty() : Optional.of(name);
  }
}
