package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS12 keystore made by the JDK's keytool. */
class TlsIT {
  @TempDir Path dir;

  private Path keyStore() throws Exception {
    Path p12 = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    return p12;
  }

  @Test
  void shouldServeHttpsWithAKeystore() throws Exception {
    Path p12 = keyStore();
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      trust.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);

    try (TributaryEngine engine =
            TributaryEngine.open(
                EngineOptions.builder(dir.resolve("data")).syncWrites(false).build());
        EngineServer server =
            EngineServer.start(
                engine,
                ServerOptions.builder()
                    .port(0)
                    .allowAnyCredentials(true)
                    .tls(p12, "changeit".toCharArray())
                    .build())) {
      assertThat(server.endpoint().getScheme()).isEqualTo("https");
      HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
      HttpResponse<String> r =
          https.send(
              HttpRequest.newBuilder(server.endpoint())
                  .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"TableNames\":[]}");
    }
  }

  @Test
  void shouldRefuseAKeystoreWithTheWrongPassword() throws Exception {
    Path p12 = keyStore();
    try (TributaryEngine engine =
        TributaryEngine.open(
            EngineOptions.builder(dir.resolve("data")).syncWrites(false).build())) {
      assertThatThrownBy(
              () ->
                  EngineServer.start(
                      engine,
                      ServerOptions.builder()
                          .port(0)
                          .allowAnyCredentials(true)
                          .tls(p12, "wrong".toCharArray())
                          .build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Cannot use keystore");
    }
  }
}
