package dev.tributary.worker.internal;

import java.io.Console;

/** Whether the command line talks to a terminal, so progress may be redrawn in place. */
public final class Terminal {
  private Terminal() {}

  /**
   * True when standard input and output are a terminal. On Java 22 and newer {@link
   * System#console()} is never null, so there {@code Console.isTerminal()} decides; without that
   * check, progress bars' escape codes would land in redirected output and log files.
   */
  @SuppressWarnings("SystemConsoleNull") // the one place that asks, answering on every Java version
  public static boolean attached() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before Java 22: a console exists only on a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
