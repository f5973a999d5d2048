package dev.tributary.worker.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file: where it is and what is wrong.
 *
 * @param file the file (or the name given to the text parsed)
 * @param line 1-based line of the field (0 when unknown)
 * @param column 1-based column
 * @param field the field's path, e.g. {@code pipelines[0].handlers.email.batch.size} (empty for the
 *     document as a whole)
 * @param message what is wrong, e.g. {@code must be 1-10000, was 0}
 */
public record ConfigProblem(String file, int line, int column, String field, String message) {
  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /**
   * {@code tributary.yaml:12:7: pipelines[0].handlers.email.batch.size: must be 1-10000, was 0}.
   */
  @Override
  public String toString() {
    String at = line > 0 ? file + ":" + line + ":" + column : file;
    return at + ": " + (field.isEmpty() ? "" : field + ": ") + message;
  }
}
