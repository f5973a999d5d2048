package dev.tributary.worker;

import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.http.EngineServer;
import dev.tributary.engine.http.ServerOptions;
import dev.tributary.worker.internal.PortCheck;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary engine}: serves the table engine over DynamoDB's HTTP protocol until SIGTERM
 * or Ctrl-C, then stops gracefully (in-flight requests finish, the engine closes cleanly).
 */
@Command(
    name = "engine",
    mixinStandardHelpOptions = true,
    description =
        "Serve the table engine over DynamoDB's HTTP protocol (AWS SDKs, boto3, aws cli).")
final class EngineCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--data-dir", required = true, description = "Where the engine keeps its data.")
  Path dataDir;

  @Option(
      names = "--credentials",
      paramLabel = "KEY:SECRET",
      description = "An access key and its secret; repeatable.")
  List<String> credentials = new ArrayList<>();

  @Option(
      names = "--credentials-file",
      paramLabel = "FILE",
      description = "A file of KEY:SECRET lines (blank lines and # comments ignored).")
  Path credentialsFile;

  @Option(
      names = "--allow-any-credentials",
      description = "Accept requests whatever their credentials (local development only).")
  boolean allowAnyCredentials;

  @Option(
      names = "--sync",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Fsync each write before acknowledging it (default); --no-sync trades that for speed:"
              + " a crash of the OS may lose recent writes.")
  boolean sync;

  @Option(
      names = "--tls-keystore",
      description = "A JKS or PKCS12 keystore: serve HTTPS with its key.")
  Path keyStore;

  @Option(
      names = "--tls-keystore-password",
      defaultValue = "",
      description = "The keystore's password.")
  String keyStorePassword;

  /** Released by the shutdown hook (or a test) to stop the server. */
  final CountDownLatch stop = new CountDownLatch(1);

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    ServerOptions options = serverOptions();
    if (port > 0 && !PortCheck.free(host, port)) {
      throw bad("--port " + PortCheck.inUse(port + " (on " + host + ")"));
    }
    Files.createDirectories(dataDir);
    Thread hook = new Thread(this::stopAndWait, "tributary-engine-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (TributaryEngine engine =
            TributaryEngine.open(EngineOptions.builder(dataDir).syncWrites(sync).build());
        EngineServer server = EngineServer.start(engine, options)) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("Tributary engine listening on " + server.endpoint());
      out.flush();
      stop.await();
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is what stopped us
      }
    }
    return 0;
  }

  private void stopAndWait() {
    stop.countDown();
    try {
      stopped.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ServerOptions serverOptions() {
    ServerOptions.Builder b = ServerOptions.builder();
    try {
      b.port(port).host(host).allowAnyCredentials(allowAnyCredentials);
      for (String c : allCredentials()) {
        int colon = c.indexOf(':');
        if (colon <= 0 || colon == c.length() - 1) {
          throw bad("--credentials must be KEY:SECRET, was '" + c + "'");
        }
        b.credentials(c.substring(0, colon), c.substring(colon + 1));
      }
      if (keyStore != null) {
        if (!Files.isReadable(keyStore)) {
          throw bad("--tls-keystore " + keyStore + " is not a readable file");
        }
        b.tls(keyStore, keyStorePassword.toCharArray());
      }
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    if (b.build().credentials().isEmpty() && !allowAnyCredentials) {
      throw bad(
          "give --credentials KEY:SECRET (repeatable), --credentials-file FILE, the "
              + CREDENTIALS_ENV
              + " environment variable, or --allow-any-credentials");
    }
    return b.build();
  }

  /** The environment variable with comma-separated KEY:SECRET pairs. */
  static final String CREDENTIALS_ENV = "TRIBUTARY_CREDENTIALS";

  private List<String> allCredentials() {
    List<String> all = new ArrayList<>(credentials);
    String env = System.getenv(CREDENTIALS_ENV);
    if (env != null && !env.isBlank()) {
      for (String pair : env.split(",")) {
        all.add(pair.strip());
      }
    }
    if (credentialsFile != null) {
      try {
        for (String line : Files.readAllLines(credentialsFile)) {
          String l = line.strip();
          if (!l.isEmpty() && !l.startsWith("#")) {
            all.add(l);
          }
        }
      } catch (IOException e) {
        throw bad("--credentials-file " + credentialsFile + " cannot be read: " + e.getMessage());
      }
    }
    return all;
  }

  private CommandLine.ParameterException bad(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
