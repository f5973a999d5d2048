package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LocalS3IT {
  @TempDir Path dir;

  private static S3Client client(LocalS3 s3, String secret) {
    return S3Client.builder()
        .endpointOverride(URI.create(s3.endpoint()))
        .forcePathStyle(true)
        .region(Region.of(LocalS3.REGION))
        .httpClient(UrlConnectionHttpClient.create())
        // S3Proxy does not take the SDK's trailing checksums
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), secret)))
        .build();
  }

  @Test
  void shouldKeepObjectsInTheDirectoryAcrossRestarts() {
    try (LocalS3 s3 = LocalS3.builder().directory(dir).start();
        S3Client c = client(s3, s3.secretKey())) {
      s3.createBucket("archive");
      c.putObject(b -> b.bucket("archive").key("a/b.json"), RequestBody.fromString("{\"x\":1}"));
    }
    assertThat(Files.exists(dir.resolve("archive"))).isTrue();
    try (LocalS3 s3 = LocalS3.builder().directory(dir).start();
        S3Client c = client(s3, s3.secretKey())) {
      assertThat(c.getObjectAsBytes(b -> b.bucket("archive").key("a/b.json")).asUtf8String())
          .isEqualTo("{\"x\":1}");
    }
  }

  @Test
  void shouldRefuseAWrongSecretAndForgetAnInMemoryStore() {
    try (LocalS3 s3 = LocalS3.builder().credentials("k", "right").start()) {
      s3.createBucket("orders");
      try (S3Client wrong = client(s3, "wrong")) {
        assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket("orders")))
            .isInstanceOf(S3Exception.class)
            .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
      }
      try (S3Client right = client(s3, "right")) {
        assertThat(right.listObjectsV2(b -> b.bucket("orders")).contents()).isEmpty();
      }
    }
    try (LocalS3 s3 = LocalS3.builder().credentials("k", "right").start();
        S3Client c = client(s3, "right")) {
      assertThat(c.listBuckets().buckets()).isEmpty();
    }
  }
}
