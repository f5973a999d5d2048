package dev.tributary.engine.http.internal;

import dev.tributary.engine.model.PageResponse;

/** Query and Scan responses: Items, Count, ScannedCount, LastEvaluatedKey, ConsumedCapacity. */
final class ReadEncoder {
  private ReadEncoder() {}

  /**
   * @param countOnly Select=COUNT: the response carries no Items member
   */
  static byte[] page(PageResponse page, boolean countOnly) {
    return JsonOut.object(
        g -> {
          if (!countOnly) {
            JsonOut.items(g, "Items", page.items());
          }
          g.writeNumberField("Count", page.count());
          g.writeNumberField("ScannedCount", page.scannedCount());
          JsonOut.item(g, "LastEvaluatedKey", page.lastEvaluatedKey());
          JsonOut.consumedCapacity(g, page.consumedCapacity());
        });
  }
}
