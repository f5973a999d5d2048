package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The server verifies SigV4 end to end: the SDK's signatures pass, wrong ones are refused. */
class SigV4IT extends WireTestBase {

  private DynamoDbClient clientWith(String accessKey, String secret) {
    return DynamoDbClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.EU_WEST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(
            o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  @Test
  void shouldAcceptTheSdksSignatureInAnyRegion() {
    try (DynamoDbClient c = clientWith(ACCESS_KEY, SECRET_KEY)) {
      assertThat(c.listTables().tableNames()).isNotNull();
    }
  }

  @Test
  void shouldRefuseAWrongSecretAndAnUnknownKeyInDynamoDbsWords() {
    try (DynamoDbClient c = clientWith(ACCESS_KEY, "not-the-secret")) {
      assertThatThrownBy(c::listTables)
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
    try (DynamoDbClient c = clientWith("AKIDUNKNOWN", SECRET_KEY)) {
      assertThatThrownBy(c::listTables)
          .isInstanceOfSatisfying(
              DynamoDbException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("UnrecognizedClientException");
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("The security token included in the request is invalid.");
              });
    }
  }

  /**
   * DynamoDB takes the Authorization header's parameters separated by whitespace as well as by
   * commas, and judges the request's time before its key and scope: a request signed in 2017 by a
   * key it does not know is "Signature expired", one dated in 3020 "Signature not yet current".
   */
  @Test
  void shouldJudgeTheTimestampFirstAndTakeWhitespaceSeparatedParameters() throws Exception {
    String auth =
        "AWS4-HMAC-SHA256 Credential=nobody/2/3/4/aws4_request SignedHeaders=x-amz-date;host Signature=123";
    HttpResponse<String> expired = post(auth, "20170101T010101Z");
    assertThat(expired.statusCode()).isEqualTo(400);
    assertThat(expired.body())
        .contains("InvalidSignatureException")
        .contains("Signature expired: 20170101T010101Z is now earlier than ");
    HttpResponse<String> future = post(auth, "30200101T010101Z");
    assertThat(future.statusCode()).isEqualTo(400);
    assertThat(future.body())
        .contains("InvalidSignatureException")
        .contains("Signature not yet current: 30200101T010101Z is still later than ");
    // A current request with the same header reaches the key check (the parameters were parsed).
    String now =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now());
    HttpResponse<String> current = post(auth, now);
    assertThat(current.statusCode()).isEqualTo(400);
    assertThat(current.body()).contains("UnrecognizedClientException");
  }

  private HttpResponse<String> post(String authorization, String amzDate) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.endpoint())
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .header("X-Amz-Target", "DynamoDB_20120810.DescribeEndpoints")
            .header("X-Amz-Date", amzDate)
            .header("Authorization", authorization)
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
