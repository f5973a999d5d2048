package dev.tributary.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where an example keeps its data: the directory given on the command line, or a fresh temporary
 * one.
 */
public final class ExampleDirs {
  private ExampleDirs() {}

  /** {@code args[0]} when given, else a new temporary directory named after the example. */
  public static Path fromArgs(String[] args, String example) {
    if (args.length > 0) {
      return Path.of(args[0]);
    }
    try {
      return Files.createTempDirectory("tributary-" + example);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes {@code dir} and everything in it, when the example created it. */
  public static void deleteTemporary(String[] args, Path dir) {
    if (args.length > 0 || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
