package dev.tributary.engine.http.internal;

import dev.tributary.core.InvalidAttributeValueException;
import dev.tributary.core.TributaryException;
import dev.tributary.engine.CancellationReason;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.DynamoDbException;
import dev.tributary.engine.ThrottlingException;
import dev.tributary.engine.TransactionCanceledException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns any failure into DynamoDB's error response: {@code {"__type":"com.amazonaws.dynamodb.
 * v20120810#Name","message":"..."}} with DynamoDB's status. Never writes a stack trace; what is not
 * a DynamoDB error is logged here, once, and answered as InternalServerError.
 */
final class ErrorEncoder {
  static final String TYPE_PREFIX = "com.amazonaws.dynamodb.v20120810#";
  private static final Logger LOG = LoggerFactory.getLogger(ErrorEncoder.class);

  private ErrorEncoder() {}

  static WireResponse encode(Throwable failure, String requestId) {
    DynamoDbException e = asDynamoDb(failure, requestId);
    return new WireResponse(e.httpStatus(), body(e));
  }

  static DynamoDbException asDynamoDb(Throwable failure, String requestId) {
    if (failure instanceof DynamoDbException d) {
      return d;
    }
    if (failure instanceof InvalidAttributeValueException) {
      return new WireException("ValidationException", 400, failure.getMessage());
    }
    if (failure instanceof StackOverflowError) {
      // Only client input nests deep enough (expressions and documents are bounded where parsed);
      // answer it as the invalid request it is rather than as a server fault.
      LOG.warn("Request {} nested too deeply to handle", requestId, failure);
      return new WireException(
          "ValidationException", 400, "The request is nested too deeply to be processed");
    }
    if (failure instanceof RuntimeException
        && !(failure instanceof IllegalStateException
            || failure instanceof UncheckedIOException
            || failure instanceof TributaryException)) {
      // An unchecked failure while handling a request comes from input no rule caught: a 400 the
      // client can act on (a 500 would be retried forever). Engine faults arrive as
      // InternalServerError, IllegalStateException, UncheckedIOException or
      // a TributaryException and stay 500. Logged, since it marks a
      // missing validation.
      LOG.error("Request {} failed on input no validation caught", requestId, failure);
      return new WireException(
          "ValidationException", 400, "One or more parameter values were invalid");
    }
    LOG.error("Request {} failed with an unexpected error", requestId, failure);
    return WireException.internal();
  }

  static byte[] body(DynamoDbException e) {
    String message = Optional.ofNullable(e.getMessage()).orElse(e.errorCode());
    return JsonOut.object(
        g -> {
          g.writeStringField("__type", TYPE_PREFIX + e.errorCode());
          if (e instanceof TransactionCanceledException t) {
            // DynamoDB capitalizes this one's message member
            g.writeStringField("Message", message);
            g.writeArrayFieldStart("CancellationReasons");
            for (CancellationReason r : t.reasons()) {
              g.writeStartObject();
              g.writeStringField("Code", r.code());
              if (r.message().isPresent()) {
                g.writeStringField("Message", r.message().get());
              }
              JsonOut.item(g, "Item", r.item());
              g.writeEndObject();
            }
            g.writeEndArray();
            return;
          }
          if (!(e instanceof WireException && e.getMessage() == null)) {
            g.writeStringField("message", message);
          }
          if (e instanceof ThrottlingException t) {
            g.writeArrayFieldStart("throttlingReasons");
            g.writeStartObject();
            g.writeStringField("reason", t.reason());
            g.writeEndObject();
            g.writeEndArray();
          }
          if (e instanceof ConditionalCheckFailedException c) {
            JsonOut.item(g, "Item", c.item());
          }
        });
  }
}
