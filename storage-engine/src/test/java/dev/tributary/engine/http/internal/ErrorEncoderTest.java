package dev.tributary.engine.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.InvalidAttributeValueException;
import dev.tributary.engine.CancellationReason;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.ProvisionedThroughputExceededException;
import dev.tributary.engine.TransactionCanceledException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode body(WireResponse r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void shouldWriteTypeAndMessage() throws Exception {
    WireResponse r =
        ErrorEncoder.encode(new ProvisionedThroughputExceededException("slow down"), "id");
    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r).get("__type").asText())
        .isEqualTo("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException");
    assertThat(body(r).get("message").asText()).isEqualTo("slow down");
  }

  @Test
  void shouldCarryTheItemOfAFailedCondition() throws Exception {
    WireResponse r =
        ErrorEncoder.encode(
            new ConditionalCheckFailedException(Map.of("k", AttributeValue.s("v"))), "id");
    assertThat(body(r).get("Item").toString()).isEqualTo("{\"k\":{\"S\":\"v\"}}");
    assertThat(body(ErrorEncoder.encode(new ConditionalCheckFailedException(), "id")).has("Item"))
        .isFalse();
  }

  @Test
  void shouldListCancellationReasonsWithCapitalizedMessage() throws Exception {
    WireResponse r =
        ErrorEncoder.encode(
            new TransactionCanceledException(
                List.of(
                    CancellationReason.NONE,
                    new CancellationReason(
                        "ConditionalCheckFailed",
                        Optional.of("The conditional request failed"),
                        Optional.of(Map.of("k", AttributeValue.n(1)))))),
            "id");
    JsonNode b = body(r);
    assertThat(b.get("Message").asText()).startsWith("Transaction cancelled");
    assertThat(b.get("CancellationReasons").get(0).toString()).isEqualTo("{\"Code\":\"None\"}");
    assertThat(b.get("CancellationReasons").get(1).get("Item").toString())
        .isEqualTo("{\"k\":{\"N\":\"1\"}}");
  }

  @Test
  void shouldHideUnexpectedFailuresBehindInternalServerError() throws Exception {
    WireResponse r = ErrorEncoder.encode(new IllegalStateException("secret detail"), "id");
    assertThat(r.status()).isEqualTo(500);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .doesNotContain("secret")
        .doesNotContain("IllegalState");
    assertThat(body(r).get("__type").asText()).endsWith("#InternalServerError");
    WireResponse v = ErrorEncoder.encode(new InvalidAttributeValueException("bad number"), "id");
    assertThat(v.status()).isEqualTo(400);
    assertThat(body(v).get("__type").asText()).endsWith("#ValidationException");
  }
}
