package dev.tributary.worker.config.internal;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The user's jars and class directories that pipelines' {@code class:} handlers and {@code
 * HandlerFactory} services come from: {@code --classpath}, a {@code lib/} directory next to the
 * configuration file, and the file's {@code classpath:} key. They are added to the thread's context
 * class loader, which {@code ServiceLoader}, the pipeline reader and every thread the worker starts
 * afterwards use.
 */
public final class HandlerClassPath {
  private HandlerClassPath() {}

  /** A class loader over the user's entries; {@link #describe} lists them for error messages. */
  static final class UserLoader extends URLClassLoader {
    static {
      registerAsParallelCapable();
    }

    UserLoader(URL[] urls, ClassLoader parent) {
      super("tributary-handlers", urls, parent);
    }
  }

  /**
   * Expands {@code entries} (each a jar, a class directory, or {@code dir/*} for every jar in dir),
   * resolved against {@code baseDir}. A missing entry throws IllegalArgumentException naming it.
   */
  public static List<Path> expand(List<String> entries, Path baseDir) {
    List<Path> out = new ArrayList<>();
    for (String raw : entries) {
      String e = raw.strip();
      if (e.isEmpty()) {
        continue;
      }
      boolean wildcard = e.endsWith("/*") || e.endsWith(File.separator + "*");
      Path p = baseDir.resolve(wildcard ? e.substring(0, e.length() - 2) : e).normalize();
      if (!Files.exists(p)) {
        throw new IllegalArgumentException(
            "class path entry '" + raw + "' does not exist (" + p + ")");
      }
      if (wildcard
          || (Files.isDirectory(p) && !Files.exists(p.resolve("META-INF")) && hasJars(p))) {
        out.addAll(jarsIn(p));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Splits a {@code --classpath} value on the platform's separator ({@code :} or {@code ;}) and
   * commas.
   */
  public static List<String> split(String value) {
    return List.of(value.split("[" + File.pathSeparator + ",]"));
  }

  /** The jars of {@code dir} in name order; none if it does not exist. */
  public static List<Path> jarsIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.getFileName().toString().endsWith(".jar"))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list class path directory " + dir + ": " + e.getMessage());
    }
  }

  private static boolean hasJars(Path dir) {
    return !jarsIn(dir).isEmpty();
  }

  /**
   * Adds {@code paths} to the current thread's context class loader; nothing to add changes
   * nothing.
   */
  public static void install(List<Path> paths) {
    if (paths.isEmpty()) {
      return;
    }
    URL[] urls = new URL[paths.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = paths.get(i).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(
            "class path entry " + paths.get(i) + ": " + e.getMessage());
      }
    }
    Thread t = Thread.currentThread();
    ClassLoader parent =
        t.getContextClassLoader() == null
            ? HandlerClassPath.class.getClassLoader()
            : t.getContextClassLoader();
    t.setContextClassLoader(new UserLoader(urls, parent));
  }

  /**
   * What a class was looked for in: the user's entries of the context loader chain, or the jar
   * alone.
   */
  public static String describe(ClassLoader loader) {
    List<String> entries = new ArrayList<>();
    for (ClassLoader l = loader; l != null; l = l.getParent()) {
      if (l instanceof UserLoader u) {
        for (URL url : u.getURLs()) {
          entries.add(0, url.getPath());
        }
      }
    }
    return entries.isEmpty()
        ? "tributary's own class path only; add the handler's jar with --classpath, a lib/ directory next to the configuration file, or the file's classpath: key"
        : "tributary's class path and " + String.join(File.pathSeparator, entries);
  }
}
