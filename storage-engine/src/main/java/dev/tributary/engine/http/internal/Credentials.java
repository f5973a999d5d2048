package dev.tributary.engine.http.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The access keys the endpoint accepts, gathered from {@code KEY:SECRET} strings ({@code
 * --credentials}, repeatable), the {@value #ENVIRONMENT_VARIABLE} environment variable
 * (comma-separated {@code KEY:SECRET}) and files (one {@code KEY:SECRET} per line, {@code #}
 * comments and blank lines ignored). A bad entry is rejected with an {@link
 * IllegalArgumentException} that names its source and line but never echoes a secret.
 *
 * <pre>{@code
 * Map<String, String> secrets = Credentials.builder()
 *     .add("AKIDEXAMPLE:wJalrXUtnFEMI", "--credentials")
 *     .addEnvironment(System.getenv())
 *     .addFile(Path.of("/etc/tributary/credentials"))
 *     .build();
 * }</pre>
 */
public final class Credentials {
  public static final String ENVIRONMENT_VARIABLE = "TRIBUTARY_CREDENTIALS";

  private Credentials() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Parses {@code KEY:SECRET} strings, e.g. the values of repeated {@code --credentials}. */
  public static Map<String, String> parse(List<String> pairs) {
    Builder b = builder();
    for (int i = 0; i < pairs.size(); i++) {
      b.add(pairs.get(i), "--credentials #" + (i + 1));
    }
    return b.build();
  }

  /** A mutable builder; each {@code add} rejects a bad entry at once. */
  public static final class Builder {
    private final Map<String, String> secrets = new LinkedHashMap<>();
    private final Map<String, String> sources = new LinkedHashMap<>();

    private Builder() {}

    /** Adds one {@code KEY:SECRET}; {@code source} names where it came from in error messages. */
    public Builder add(String pair, String source) {
      Objects.requireNonNull(pair, "pair");
      Objects.requireNonNull(source, "source");
      String entry = pair.strip();
      int colon = entry.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException(
            source
                + ": expected KEY:SECRET, but the entry has no ':' between access key and secret");
      }
      String key = entry.substring(0, colon).strip();
      String secret = entry.substring(colon + 1).strip();
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            source + ": expected KEY:SECRET, but the access key is empty");
      }
      if (!key.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
        throw new IllegalArgumentException(
            source
                + ": access key '"
                + printable(key)
                + "' must be printable ASCII without spaces");
      }
      if (secret.isEmpty()) {
        throw new IllegalArgumentException(
            source + ": expected KEY:SECRET, but the secret for access key '" + key + "' is empty");
      }
      String previous = secrets.get(key);
      if (previous != null && !previous.equals(secret)) {
        throw new IllegalArgumentException(
            source
                + ": access key '"
                + key
                + "' is already defined with a different secret by "
                + sources.get(key));
      }
      secrets.put(key, secret);
      sources.putIfAbsent(key, source);
      return this;
    }

    /** Adds the comma-separated entries of {@value #ENVIRONMENT_VARIABLE}, if it is set. */
    public Builder addEnvironment(Map<String, String> environment) {
      Objects.requireNonNull(environment, "environment");
      String value = environment.get(ENVIRONMENT_VARIABLE);
      if (value == null || value.isBlank()) {
        return this;
      }
      String[] entries = value.split(",", -1);
      for (int i = 0; i < entries.length; i++) {
        if (entries[i].isBlank()) {
          throw new IllegalArgumentException(
              "environment variable " + ENVIRONMENT_VARIABLE + " entry " + (i + 1) + " is empty");
        }
        add(entries[i], "environment variable " + ENVIRONMENT_VARIABLE + " entry " + (i + 1));
      }
      return this;
    }

    /** Adds every {@code KEY:SECRET} line of a file; {@code #} starts a comment line. */
    public Builder addFile(Path file) {
      Objects.requireNonNull(file, "file");
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read credentials file " + file + ": " + e.getMessage(), e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        add(line, "credentials file " + file + " line " + (i + 1));
      }
      return this;
    }

    /** The access keys and their secrets, in the order added; may be empty. */
    public Map<String, String> build() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    }

    private static String printable(String s) {
      StringBuilder sb = new StringBuilder();
      s.codePoints().forEach(c -> sb.append(c >= ' ' && c < 0x7f ? Character.toString(c) : "?"));
      return sb.toString();
    }
  }
}
