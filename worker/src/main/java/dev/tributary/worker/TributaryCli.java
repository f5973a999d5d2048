package dev.tributary.worker;

import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.internal.LogSetup;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./tributary}: the command line. Bad input is one clear line on stderr and exit code 2. */
@Command(
    name = "tributary",
    mixinStandardHelpOptions = true,
    versionProvider = TributaryCli.Version.class,
    description = "Change-data-capture with DynamoDB Streams + Lambda semantics.",
    subcommands = {
      DemoCommand.class,
      EngineCommand.class,
      WorkerCommand.class,
      LocalServicesCommand.class,
      TailCommand.class,
      LanesCommand.class,
      DlqCommand.class,
      ReplayCommand.class,
      BackfillCommand.class,
    })
public final class TributaryCli implements Callable<Integer> {

  public static void main(String[] args) {
    LogSetup.commandLineDefaults();
    System.exit(run(args));
  }

  static int run(String... args) {
    return commandLine().execute(args);
  }

  /** The command line with its error handling: bad input is exit code 2, a failure 1. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TributaryCli());
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("tributary: " + e.getMessage() + " (see --help)");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          // One line whatever the exception: the first line of its message, else its class.
          String m =
              e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
          cmd.getErr().println("tributary: " + m.lines().findFirst().orElse(m).strip());
          // Bad configuration or input is the user's to fix (2); anything else failed (1).
          return e instanceof ConfigException || e instanceof UsageException ? 2 : 1;
        });
    return cli;
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TributaryCli.class.getPackage().getImplementationVersion();
      return new String[] {"tributary " + (v == null ? "development build" : v)};
    }
  }
}
