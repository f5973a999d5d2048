package dev.tributary.worker;

import dev.tributary.worker.config.internal.HandlerClassPath;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --classpath PATHS}: the user's handler jars for the commands that load handlers. Added to
 * the context class loader as soon as the option is read, before the configuration is, so {@code
 * class:} handlers and {@code HandlerFactory} services in those jars are found.
 */
final class ClassPathOption {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--classpath",
      paramLabel = "PATHS",
      description =
          "Jars or class directories with your handlers, separated by ':' (a 'dir/*' means every jar in dir);"
              + " added to a lib/ directory next to the configuration file and its classpath: key.")
  void classpath(String value) {
    try {
      HandlerClassPath.install(HandlerClassPath.expand(HandlerClassPath.split(value), Path.of("")));
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--classpath: " + e.getMessage());
    }
  }
}
