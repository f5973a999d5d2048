package dev.tributary.core.pipeline;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import java.util.List;

/** A handler that does nothing and says whether it wants snapshot events. */
public class NoOpHandler implements ChangeHandler {
  private final boolean wantsSnapshots;

  NoOpHandler(boolean wantsSnapshots) {
    this.wantsSnapshots = wantsSnapshots;
  }

  public NoOpHandler() {
    this(true);
  }

  static HandlerSpec spec() {
    return HandlerSpec.of(() -> new NoOpHandler(true));
  }

  static HandlerSpec refusingSnapshots() {
    return HandlerSpec.of(() -> new NoOpHandler(false));
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) {
    return BatchResult.success();
  }

  @Override
  public void close() {}

  @Override
  public boolean wantsSnapshotEvents() {
    return wantsSnapshots;
  }
}
