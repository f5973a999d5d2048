package dev.tributary.worker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A user's handler, compiled now and packaged as a jar, as a user would build one. */
final class HandlerJars {
  private HandlerJars() {}

  /**
   * com.example.MyHandler: appends each event's eventID to the file named by $OUT_PROP (system
   * property) or env MY_HANDLER_OUT.
   */
  static final String SOURCE =
      """
      package com.example;

      import dev.tributary.core.ChangeEvent;
      import dev.tributary.core.handler.BatchContext;
      import dev.tributary.core.handler.BatchResult;
      import dev.tributary.core.handler.ChangeHandler;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.nio.file.StandardOpenOption;
      import java.util.List;

      public class MyHandler implements ChangeHandler {
        @Override
        public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception {
          String out = System.getProperty("my.handler.out", System.getenv("MY_HANDLER_OUT"));
          StringBuilder sb = new StringBuilder();
          for (ChangeEvent e : batch) {
            sb.append(e.eventName()).append(' ').append(e.eventId()).append('\\n');
          }
          Files.writeString(Path.of(out), sb, StandardCharsets.UTF_8,
              StandardOpenOption.CREATE, StandardOpenOption.APPEND);
          return BatchResult.success();
        }
      }
      """;

  /** Compiles {@link #SOURCE} against this JVM's class path into {@code jar}. */
  static Path build(Path work, Path jar) throws IOException {
    Path src = work.resolve("src/com/example/MyHandler.java");
    Path classes = work.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, SOURCE, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            src.toString());
    if (rc != 0) {
      throw new AssertionError("javac failed: " + rc);
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        try (OutputStream o = OutputStream.nullOutputStream()) {
          out.write(Files.readAllBytes(f));
        }
        out.closeEntry();
      }
    }
    return jar;
  }

  static List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
