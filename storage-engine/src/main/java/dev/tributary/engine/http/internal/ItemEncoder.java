package dev.tributary.engine.http.internal;

import dev.tributary.engine.model.GetItemResponse;
import dev.tributary.engine.model.WriteItemResponse;

/** PutItem, GetItem, UpdateItem and DeleteItem responses in DynamoDB's JSON. */
final class ItemEncoder {
  private ItemEncoder() {}

  /** PutItem, UpdateItem and DeleteItem: {@code Attributes}, {@code ConsumedCapacity}. */
  static byte[] write(WriteItemResponse response) {
    return JsonOut.object(
        g -> {
          JsonOut.item(g, "Attributes", response.attributes());
          JsonOut.consumedCapacity(g, response.consumedCapacity());
        });
  }

  static byte[] get(GetItemResponse response) {
    return JsonOut.object(
        g -> {
          JsonOut.item(g, "Item", response.item());
          JsonOut.consumedCapacity(g, response.consumedCapacity());
        });
  }
}
