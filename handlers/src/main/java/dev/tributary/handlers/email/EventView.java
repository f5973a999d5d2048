package dev.tributary.handlers.email;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.handlers.internal.PlainJson;
import dev.tributary.handlers.internal.TableNames;
import java.util.HashMap;
import java.util.Map;

/**
 * What a template sees of an event: Lambda's top-level names ({@code eventID}, {@code eventName},
 * {@code eventSourceARN}, ...), the images as plain JSON ({@code keys}, {@code newImage}, {@code
 * oldImage}, and {@code image}: the new image, or the old one for a REMOVE), {@code table}, {@code
 * sequenceNumber}, {@code approximateCreationDateTime} (ISO-8601, UTC) and the flags {@code
 * insert}, {@code modify}, {@code remove}, {@code snapshot} for sections.
 */
final class EventView {
  private EventView() {}

  static Map<String, Object> of(ChangeEvent e) {
    StreamRecord r = e.dynamodb();
    Map<String, Object> view = new HashMap<>(32);
    view.put("eventID", e.eventId());
    view.put("eventName", e.eventName().name());
    view.put("eventSource", e.eventSource());
    view.put("eventSourceARN", e.eventSourceArn());
    view.put("awsRegion", e.awsRegion());
    view.put("table", TableNames.of(e));
    view.put("sequenceNumber", r.sequenceNumber());
    view.put("approximateCreationDateTime", r.approximateCreationDateTime().toString());
    view.put("keys", PlainJson.item(r.keys()));
    r.newImage().ifPresent(img -> view.put("newImage", PlainJson.item(img)));
    r.oldImage().ifPresent(img -> view.put("oldImage", PlainJson.item(img)));
    Object image = e.eventName() == EventName.REMOVE ? view.get("oldImage") : view.get("newImage");
    if (image != null) {
      view.put("image", image);
    }
    view.put("insert", e.eventName() == EventName.INSERT);
    view.put("modify", e.eventName() == EventName.MODIFY);
    view.put("remove", e.eventName() == EventName.REMOVE);
    view.put("snapshot", e.snapshot());
    return view;
  }
}
