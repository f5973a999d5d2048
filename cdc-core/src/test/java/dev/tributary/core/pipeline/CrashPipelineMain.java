package dev.tributary.core.pipeline;

import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.runner.PipelineRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The pipeline process of {@link PipelineCrashIT}: runs the acceptance pipeline with on-disk ledger
 * handlers until every event is through, then prints {@link #CAUGHT_UP} and exits; the test kills
 * it with SIGKILL before that, several times. Arguments: bootstrap servers, state directory, ledger
 * directory.
 */
public final class CrashPipelineMain {
  static final String CAUGHT_UP = "PIPELINE-CAUGHT-UP";

  private CrashPipelineMain() {}

  public static void main(String[] args) {
    String bootstrap = args[0];
    Path stateDir = Path.of(args[1]);
    Path ledgers = Path.of(args[2]);
    Map<String, Supplier<? extends ChangeHandler>> handlers = new HashMap<>();
    for (String h : OrderStream.HANDLERS) {
      handlers.put(h, () -> new LedgerHandler(ledgers.resolve(h + ".ledger")));
    }
    Pipeline pipeline = OrderStream.pipeline("crash", handlers);
    try (PipelineRuntime runtime =
        PipelineRuntime.builder(bootstrap)
            .pipeline(pipeline)
            .stateDir(stateDir)
            .runnerId("crash-child")
            .staticMembership(true)
            .start()) {
      while (!runtime.awaitCaughtUp(Duration.ofMinutes(10))) {
        System.out.println("not caught up yet: " + runtime.lanes());
      }
      System.out.println(CAUGHT_UP + " " + runtime.stats());
    }
    System.exit(0);
  }
}
