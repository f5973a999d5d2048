package dev.tributary.worker.replay;

import dev.tributary.handlers.archive.S3Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3Proxy in this JVM on a free loopback port, filesystem-backed, with signature-V4 credentials.
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS = "archive-access";
  static final String SECRET = "archive-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;

  S3ProxyServer(Path dir) throws Exception {
    Properties props = new Properties();
    props.setProperty("jclouds.filesystem.basedir", dir.toString());
    context =
        ContextBuilder.newBuilder("filesystem").overrides(props).buildView(BlobStoreContext.class);
    proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .jettyMaxThreads(12)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!proxy.getState().equals("STARTED")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
      }
      Thread.sleep(20);
    }
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  S3Settings settings() {
    return S3Settings.builder()
        .endpoint(endpoint())
        .pathStyle(true)
        .region("us-east-1")
        .credentials(ACCESS, SECRET)
        .build();
  }

  S3Client client() {
    return settings().client();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    } finally {
      context.close();
    }
  }
}
