package dev.tributary.handlers.internal;

import dev.tributary.core.ChangeEvent;

/** The table an event belongs to, from its {@code eventSourceARN}, as DynamoDB names it. */
public final class TableNames {
  private TableNames() {}

  /**
   * {@code arn:aws:dynamodb:region:account:table/Orders/stream/...} gives {@code Orders}; an ARN
   * without a {@code table/} segment gives its last segment, and an empty one {@code "unknown"}.
   */
  public static String of(ChangeEvent event) {
    String arn = event.eventSourceArn();
    int at = arn.indexOf("table/");
    if (at >= 0) {
      int start = at + "table/".length();
      int end = arn.indexOf('/', start);
      String name = end < 0 ? arn.substring(start) : arn.substring(start, end);
      if (!name.isEmpty()) {
        return name;
      }
    }
    int slash = Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':'));
    String last = arn.substring(slash + 1);
    return last.isEmpty() ? "unknown" : last;
  }
}
