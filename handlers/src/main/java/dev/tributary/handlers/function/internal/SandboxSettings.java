package dev.tributary.handlers.function.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every process of one function is started with: the command, its directory (the task root),
 * the Lambda environment (without the per-process {@code AWS_LAMBDA_RUNTIME_API} and log stream),
 * and the limits.
 */
public record SandboxSettings(
    String functionName,
    List<String> command,
    Path taskRoot,
    Map<String, String> environment,
    Duration timeout,
    Duration initTimeout) {

  public SandboxSettings {
    command = List.copyOf(command);
    environment = Map.copyOf(environment);
  }
}
