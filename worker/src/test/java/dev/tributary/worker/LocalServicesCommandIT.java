package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code tributary local-services}: the servers a configuration's handlers name, on its ports. */
class LocalServicesCommandIT {
  @TempDir Path dir;

  private Path config(int smtpPort, int s3Port) throws Exception {
    Path config = dir.resolve("tributary.yaml");
    Files.writeString(
        config,
        """
        kafka:
          embedded: {data-dir: kafka}
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              email:
                type: email
                route: insert
                config:
                  smtp: {host: 127.0.0.1, port: "${SMTP_PORT:-%d}"}
                  from: orders@shop.example
                  to-attribute: email
                  subject: "Order {{newImage.orderId}}"
                  body: "Thanks."
              archive:
                type: archive
                route: remove
                config:
                  bucket: order-archive
                  s3: {endpoint: "http://127.0.0.1:%d", path-style: true, access-key: AKLOCAL, secret-key: local-secret}
              search:
                type: search
                route: always
                config:
                  url: http://search.example.com:9200
                  index: {name: orders}
        """
            .formatted(smtpPort, s3Port));
    return config;
  }

  @Test
  void shouldServeTheConfiguredPortsAndPrintEachMail() throws Exception {
    int smtpPort = WorkerIT.freePort();
    int s3Port = WorkerIT.freePort();
    Path config = config(smtpPort, s3Port);
    CommandLine cli = TributaryCli.commandLine();
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(new StringWriter(), true));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> cli.execute("local-services", "--config", config.toString()));
    LocalServicesCommand command = cli.getSubcommands().get("local-services").getCommand();
    try {
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> exit.isDone() || out.toString().contains("Ready."));
      assertThat(out.toString())
          .as(out.toString())
          .contains("smtp        127.0.0.1:" + smtpPort)
          .contains(
              "s3          http://127.0.0.1:"
                  + s3Port
                  + "  (S3Proxy; bucket order-archive; key AKLOCAL)")
          .contains("skip   search (search): search.example.com is not this machine");

      Properties props = new Properties();
      props.put("mail.smtp.host", "127.0.0.1");
      props.put("mail.smtp.port", Integer.toString(smtpPort));
      MimeMessage m = new MimeMessage(Session.getInstance(props));
      m.setFrom(new InternetAddress("orders@shop.example"));
      m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@example.com"));
      m.setSubject("Order ORD-1");
      m.setText("Thanks.");
      Transport.send(m);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> out.toString().contains("mail   to alice@example.com  \"Order ORD-1\""));

      try (S3Client s3 =
          S3Client.builder()
              .endpointOverride(URI.create("http://127.0.0.1:" + s3Port))
              .httpClient(UrlConnectionHttpClient.create())
              .region(Region.US_EAST_1)
              .forcePathStyle(true)
              .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("AKLOCAL", "local-secret")))
              .build()) {
        s3.putObject(
            b -> b.bucket("order-archive").key("orders/x.json"), RequestBody.fromString("{}"));
        assertThat(
                s3.getObjectAsBytes(b -> b.bucket("order-archive").key("orders/x.json"))
                    .asUtf8String())
            .isEqualTo("{}");
      }
    } finally {
      command.stop.countDown();
    }
    assertThat(exit.get()).isZero();
    assertThat(out.toString()).endsWith("Stopped.\n");
  }

  @Test
  void shouldNameAPortInUseAndTheSettingThatAsksForIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path config = config(taken.getLocalPort(), WorkerIT.freePort());
      CliCommandsIT.Run r = CliCommandsIT.run("local-services", "--config", config.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err().strip())
          .isEqualTo(
              "tributary: pipelines.orders.handlers.email.config.smtp.port: "
                  + taken.getLocalPort()
                  + " is already in use; choose another port (0 picks a free one) or stop the process using it");
    }
  }
}
