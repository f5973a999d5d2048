package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
