package dev.tributary.handlers.function.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The runtime clients shipped in the jar (Python and Node.js, standard library only), written once
 * per JVM to a temporary directory that is deleted when the JVM exits.
 */
public final class RuntimeClients {
  private static final String BASE = "/dev/tributary/handlers/function/runtime/";
  private static final List<String> FILES = List.of("python/bootstrap.py", "node/index.js");
  private static Path dir;

  private RuntimeClients() {}

  /** The Python client's entry point. */
  public static Path python() {
    return directory().resolve("python/bootstrap.py");
  }

  /** The Node.js client's entry point. */
  public static Path node() {
    return directory().resolve("node/index.js");
  }

  private static synchronized Path directory() {
    if (dir == null) {
      try {
        Path d = Files.createTempDirectory("tributary-runtime-");
        for (String f : FILES) {
          Path target = d.resolve(f);
          Files.createDirectories(target.getParent());
          try (InputStream in = RuntimeClients.class.getResourceAsStream(BASE + f)) {
            if (in == null) {
              throw new IllegalStateException(
                  "runtime client " + f + " is missing from the class path");
            }
            Files.copy(in, target);
          }
        }
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> delete(d), "tributary-runtime-cleanup"));
        dir = d;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot write the function runtime clients to a temporary directory", e);
      }
    }
    return dir;
  }

  private static void delete(Path d) {
    try (Stream<Path> s = Files.walk(d)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort at exit
    }
  }
}
