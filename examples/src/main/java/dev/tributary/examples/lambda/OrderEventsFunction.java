package dev.tributary.examples.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chapter's {@code process_order_stream} as a Java Lambda function for a DynamoDB Streams
 * trigger with {@code ReportBatchItemFailures}, written only against AWS Lambda's own libraries
 * (aws-lambda-java-core, aws-lambda-java-events): this class would deploy to AWS Lambda as it is.
 *
 * <p>Every record that fails is reported by its SequenceNumber in {@code batchItemFailures}, and so
 * are the later records of the same order in the batch, left for the retry; the other orders'
 * records are done and not sent again.
 */
public class OrderEventsFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
  private final CustomerMail mail;

  /** What Lambda calls: mail would go through SES, built once per container. */
  public OrderEventsFunction() {
    this(
        (to, subject) -> {
          throw new UnsupportedOperationException("configure a mail service (SES) for " + to);
        });
  }

  public OrderEventsFunction(CustomerMail mail) {
    this.mail = mail;
  }

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    LambdaLogger log = context.getLogger();
    List<BatchItemFailure> failures = new ArrayList<>();
    Set<String> failedOrders = new HashSet<>();
    for (DynamodbStreamRecord record : event.getRecords()) {
      String orderId = record.getDynamodb().getKeys().get("orderId").getS();
      if (failedOrders.contains(orderId)) {
        // An earlier change of this order failed: leave this one for the retry, so each order's
        // changes are handled in the order they were made.
        failures.add(new BatchItemFailure(record.getDynamodb().getSequenceNumber()));
        continue;
      }
      try {
        process(record);
      } catch (RuntimeException e) {
        log.log("record " + record.getEventID() + " failed: " + e.getMessage());
        failedOrders.add(orderId);
        failures.add(new BatchItemFailure(record.getDynamodb().getSequenceNumber()));
      }
    }
    return new StreamsEventResponse(failures);
  }

  private void process(DynamodbStreamRecord record) {
    switch (record.getEventName()) {
      case "INSERT" -> {
        Map<String, AttributeValue> order = record.getDynamodb().getNewImage();
        mail.send(
            email(order),
            "Order "
                + order.get("orderId").getS()
                + " confirmed, total "
                + order.get("total").getN());
      }
      case "MODIFY" -> {
        Map<String, AttributeValue> before = record.getDynamodb().getOldImage();
        Map<String, AttributeValue> after = record.getDynamodb().getNewImage();
        if (!before.get("status").getS().equals(after.get("status").getS())) {
          mail.send(
              email(after),
              "Order " + after.get("orderId").getS() + " is now " + after.get("status").getS());
        }
      }
      case "REMOVE" -> {
        Map<String, AttributeValue> order = record.getDynamodb().getOldImage();
        mail.send(email(order), "Order " + order.get("orderId").getS() + " was cancelled");
      }
      default -> throw new IllegalArgumentException("unknown eventName " + record.getEventName());
    }
  }

  private static String email(Map<String, AttributeValue> order) {
    AttributeValue email = order.get("email");
    if (email == null || email.getS() == null || email.getS().isBlank()) {
      throw new IllegalArgumentException(
          "order " + order.get("orderId").getS() + " has no email address");
    }
    return email.getS();
  }
}
