package dev.tributary.handlers.function;

import java.util.Locale;

/**
 * How a function's processes are started, as Lambda's runtime identifiers name them. {@code
 * python3.12} or {@code nodejs20.x} are accepted and run on the {@code python3} / {@code node}
 * found on the worker's {@code PATH}.
 */
public enum FunctionRuntime {
  /** {@code python3}: Tributary's own Python runtime client runs {@code module.function}. */
  PYTHON3,
  /** {@code nodejs}: Tributary's own Node.js runtime client runs {@code file.export}. */
  NODEJS,
  /** {@code provided}: the executable {@code bootstrap} in the code directory is the runtime. */
  PROVIDED;

  /**
   * {@code python3}, {@code python3.12}, {@code nodejs}, {@code nodejs20.x}, {@code provided},
   * {@code provided.al2023}.
   */
  public static FunctionRuntime parse(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    if (n.equals("python3") || n.matches("python3\\.\\d+")) {
      return PYTHON3;
    }
    if (n.equals("nodejs") || n.matches("nodejs\\d+(\\.x)?")) {
      return NODEJS;
    }
    if (n.equals("provided") || n.matches("provided\\.al2(023)?")) {
      return PROVIDED;
    }
    throw new IllegalArgumentException(
        "runtime '"
            + name
            + "' is not one of python3 (python3.x), nodejs (nodejsNN.x), provided (provided.al2, provided.al2023);"
            + " for anything else give 'command'");
  }
}
