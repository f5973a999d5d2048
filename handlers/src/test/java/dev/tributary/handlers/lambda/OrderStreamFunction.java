package dev.tributary.handlers.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The chapter's {@code process_order_stream}, written in Java against Lambda's own types exactly as
 * it would be deployed to AWS: INSERT sends a confirmation, MODIFY with a status change updates the
 * search index and notifies the customer, REMOVE archives the order. An order whose id starts with
 * FAIL cannot be processed and is reported in batchItemFailures. Its effects land in lists here.
 */
public class OrderStreamFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
  static final List<String> CONFIRMATIONS = new CopyOnWriteArrayList<>();
  static final List<String> INDEXED = new CopyOnWriteArrayList<>();
  static final List<String> NOTIFICATIONS = new CopyOnWriteArrayList<>();
  static final List<String> ARCHIVED = new CopyOnWriteArrayList<>();
  static final List<String> FUNCTION_NAMES = new CopyOnWriteArrayList<>();

  static void reset() {
    CONFIRMATIONS.clear();
    INDEXED.clear();
    NOTIFICATIONS.clear();
    ARCHIVED.clear();
    FUNCTION_NAMES.clear();
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    FUNCTION_NAMES.add(context.getFunctionName());
    List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
    for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
      try {
        processRecord(record);
      } catch (RuntimeException e) {
        context.getLogger().log("failed " + record.getEventID() + ": " + e.getMessage());
        failures.add(
            new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()));
      }
    }
    return new StreamsEventResponse(failures);
  }

  private void processRecord(DynamodbEvent.DynamodbStreamRecord record) {
    String eventName = record.getEventName();
    if (eventName.equals("INSERT")) {
      Map<String, AttributeValue> newImage = record.getDynamodb().getNewImage();
      sendConfirmationEmail(newImage);
    } else if (eventName.equals("MODIFY")) {
      Map<String, AttributeValue> oldImage = record.getDynamodb().getOldImage();
      Map<String, AttributeValue> newImage = record.getDynamodb().getNewImage();
      if (!oldImage.get("status").getS().equals(newImage.get("status").getS())) {
        updateSearchIndex(newImage);
        notifyCustomer(newImage);
      }
    } else if (eventName.equals("REMOVE")) {
      archiveToS3(record.getDynamodb().getOldImage());
    }
  }

  private static String orderId(Map<String, AttributeValue> image) {
    String id = image.get("orderId").getS();
    if (id.startsWith("FAIL")) {
      throw new IllegalStateException("order " + id + " cannot be processed");
    }
    return id;
  }

  private void sendConfirmationEmail(Map<String, AttributeValue> image) {
    CONFIRMATIONS.add(
        orderId(image)
            + " to "
            + image.get("customer").getM().get("email").getS()
            + " total "
            + image.get("total").getN());
  }

  private void updateSearchIndex(Map<String, AttributeValue> image) {
    INDEXED.add(orderId(image));
  }

  private void notifyCustomer(Map<String, AttributeValue> image) {
    NOTIFICATIONS.add(orderId(image) + " is " + image.get("status").getS());
  }

  private void archiveToS3(Map<String, AttributeValue> image) {
    ARCHIVED.add(orderId(image));
  }
}
