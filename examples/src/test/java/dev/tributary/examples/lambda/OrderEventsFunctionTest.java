package dev.tributary.examples.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function alone, as one would unit-test it for AWS Lambda: events built by hand, no Tributary.
 */
class OrderEventsFunctionTest {
  private final List<String> sent = new ArrayList<>();
  private final List<String> logged = new ArrayList<>();

  private static DynamodbStreamRecord record(
      String seq, String name, String orderId, String email, String status) {
    Map<String, AttributeValue> image =
        new HashMap<>(
            Map.of(
                "orderId",
                new AttributeValue().withS(orderId),
                "status",
                new AttributeValue().withS(status),
                "total",
                new AttributeValue().withN("10")));
    if (email != null) {
      image.put("email", new AttributeValue().withS(email));
    }
    StreamRecord dynamodb =
        new StreamRecord()
            .withKeys(Map.of("orderId", new AttributeValue().withS(orderId)))
            .withSequenceNumber(seq);
    if (!name.equals("INSERT")) {
      dynamodb.setOldImage(image);
    }
    if (!name.equals("REMOVE")) {
      dynamodb.setNewImage(image);
    }
    DynamodbStreamRecord r = new DynamodbStreamRecord();
    r.setEventID("e" + seq);
    r.setEventName(name);
    r.setDynamodb(dynamodb);
    return r;
  }

  @Test
  void shouldReportTheFailedRecordAndTheLaterRecordsOfItsOrderOnly() {
    OrderEventsFunction function =
        new OrderEventsFunction((to, subject) -> sent.add(to + ": " + subject));
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(
        List.of(
            record("1", "INSERT", "ORD-1", "alice@example.com", "PENDING"),
            record("2", "INSERT", "ORD-3", null, "PENDING"), // no email: fails
            record("3", "REMOVE", "ORD-3", null, "PENDING"), // same order, after a failure: left
            record("4", "REMOVE", "ORD-1", "alice@example.com", "PENDING")));

    StreamsEventResponse response = function.handleRequest(event, context());

    assertThat(response.getBatchItemFailures())
        .extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
        .containsExactly("2", "3");
    assertThat(sent)
        .containsExactly(
            "alice@example.com: Order ORD-1 confirmed, total 10",
            "alice@example.com: Order ORD-1 was cancelled");
    assertThat(logged).containsExactly("record e2 failed: order ORD-3 has no email address");
  }

  private Context context() {
    LambdaLogger logger =
        new LambdaLogger() {
          @Override
          public void log(String message) {
            logged.add(message);
          }

          @Override
          public void log(byte[] message) {
            logged.add(new String(message, StandardCharsets.UTF_8));
          }
        };
    return new Context() {
      @Override
      public String getAwsRequestId() {
        return "request-1";
      }

      @Override
      public String getLogGroupName() {
        return "/aws/lambda/process_order_stream";
      }

      @Override
      public String getLogStreamName() {
        return "stream";
      }

      @Override
      public String getFunctionName() {
        return "process_order_stream";
      }

      @Override
      public String getFunctionVersion() {
        return "$LATEST";
      }

      @Override
      public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:process_order_stream";
      }

      @Override
      public CognitoIdentity getIdentity() {
        return null;
      }

      @Override
      public ClientContext getClientContext() {
        return null;
      }

      @Override
      public int getRemainingTimeInMillis() {
        return 60_000;
      }

      @Override
      public int getMemoryLimitInMB() {
        return 512;
      }

      @Override
      public LambdaLogger getLogger() {
        return logger;
      }
    };
  }
}
