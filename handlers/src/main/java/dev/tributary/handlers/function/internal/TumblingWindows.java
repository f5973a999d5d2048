package dev.tributary.handlers.function.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lambda's tumbling windows ({@code TumblingWindowInSeconds}) for one function: each lane partition
 * (the shard) has at most one open window, aligned to multiples of the window size on the records'
 * {@code ApproximateCreationDateTime}. Every invocation carries {@code window}, the {@code state}
 * the previous invocation of the window returned ({@code {}} for the first), {@code shardId},
 * {@code eventSourceARN}, {@code isFinalInvokeForWindow} and {@code isWindowTerminatedEarly}; the
 * response must hold a {@code state} object. The window's final invocation (no records, the last
 * state, {@code isFinalInvokeForWindow: true}) comes when its end has passed: before the first
 * batch of a later window, or from a timer once the end is past. A batch that fails leaves the
 * state as it was before the batch, so its retry aggregates from there.
 *
 * <p>The state survives restarts: after each batch the partition's window (start, state) is
 * snapshotted with the batch's last offset; {@link #checkpoint} gives the runner the latest
 * snapshot before the position it commits, and {@link #restore} puts it back on the partition's
 * next runner, which goes on from that position with that state.
 */
public final class TumblingWindows {
  /** One invocation: returns the response, or throws the invocation's failure. */
  public interface Invoker {
    JsonNode invoke(byte[] event);
  }

  /**
   * A record group's failed event ids, read from the response as the handler reads any response.
   */
  public interface ItemFailures {
    List<String> failed(JsonNode response, List<ChangeEvent> group);
  }

  private static final class Window {
    final Instant start;
    ObjectNode state;
    final String eventSourceArn;

    Window(Instant start, String arn) {
      this.start = start;
      this.state = Json.MAPPER.createObjectNode();
      this.eventSourceArn = arn;
    }
  }

  /** A partition's window as of an offset: its JSON, {@code {}} for no open window. */
  private record Snapshot(long offset, byte[] json) {}

  private final Duration size;
  private final Map<Integer, Window> open = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Integer, ArrayDeque<Snapshot>> snapshots = new HashMap<>(); // guarded by itself

  public TumblingWindows(Duration size) {
    this.size = size;
  }

  /**
   * The windowed invocations of one batch of one lane partition, whose last lane offset is {@code
   * lastOffset}; returns the failed event ids.
   */
  public List<String> handle(
      List<ChangeEvent> batch,
      int partition,
      long lastOffset,
      Invoker invoker,
      ItemFailures items) {
    Window before;
    ObjectNode stateBefore;
    lock.lock();
    try {
      before = open.get(partition);
      stateBefore = before == null ? null : before.state.deepCopy();
    } catch (RuntimeException e) {
      lock.unlock();
      throw e;
    }
    try {
      List<String> failed = new ArrayList<>();
      int i = 0;
      while (i < batch.size()) {
        Instant start = windowStart(batch.get(i));
        int j = i;
        while (j < batch.size() && windowStart(batch.get(j)).equals(start)) {
          j++;
        }
        List<ChangeEvent> group = batch.subList(i, j);
        Window w = open.get(partition);
        if (w != null && start.isAfter(w.start)) {
          finish(partition, w, invoker);
          w = null;
        }
        if (w == null || start.isBefore(w.start)) {
          // a record older than the open window (redelivered after a later one): its own fresh
          // window
          w = new Window(start, group.get(0).eventSourceArn());
          if (open.get(partition) == null) {
            open.put(partition, w);
          }
        }
        JsonNode response = invoker.invoke(event(group, w, partition, false));
        w.state = state(response);
        failed.addAll(items.failed(response, group));
        i = j;
      }
      snapshot(partition, lastOffset);
      return failed;
    } catch (RuntimeException e) {
      if (before != null) {
        before.state = stateBefore;
        open.put(partition, before);
      } else {
        open.remove(partition);
      }
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Final invocations of the windows whose end has passed (a timer calls this); a failure is
   * retried next time.
   */
  public void closeEnded(Instant now, Invoker invoker) {
    if (!lock.tryLock()) {
      return; // a batch is in progress; it closes what it passes
    }
    try {
      for (Map.Entry<Integer, Window> e : new ArrayList<>(open.entrySet())) {
        if (!e.getValue().start.plus(size).isAfter(now)) {
          try {
            finish(e.getKey(), e.getValue(), invoker);
            snapshot(e.getKey(), -1); // closed: as of the partition's last snapshot
          } catch (RuntimeException failed) {
            // stays open: the next tick or batch invokes it again, as Lambda retries the final
            // invocation
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Forgets the windows of partitions this runner no longer has (their state does not move with
   * them).
   */
  public void forget(int partition) {
    lock.lock();
    try {
      open.remove(partition);
    } finally {
      lock.unlock();
    }
    synchronized (snapshots) {
      snapshots.remove(partition);
    }
  }

  /**
   * The partition's window as of the latest batch that ended before {@code position} (JSON), to
   * commit with that position; older snapshots are dropped. Empty when no batch of the partition
   * ended before it here.
   */
  public Optional<byte[]> checkpoint(int partition, long position) {
    synchronized (snapshots) {
      ArrayDeque<Snapshot> q = snapshots.get(partition);
      if (q == null) {
        return Optional.empty();
      }
      Snapshot chosen = null;
      while (!q.isEmpty() && q.peekFirst().offset() < position) {
        chosen = q.pollFirst();
      }
      if (chosen == null) {
        return Optional.empty();
      }
      q.addFirst(chosen); // stays the partition's latest committed snapshot until a newer one
      return Optional.of(chosen.json());
    }
  }

  /** Puts back a partition's window as a checkpoint stored it (before its first batch here). */
  public void restore(int partition, byte[] json) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(
          "the stored window state of partition " + partition + " is not JSON", e);
    }
    lock.lock();
    try {
      if (n.has("start") && n.get("state") instanceof ObjectNode state) {
        Window w =
            new Window(Instant.parse(n.get("start").asText()), n.path("eventSourceARN").asText());
        w.state = state;
        open.put(partition, w);
      } else {
        open.remove(partition);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records the partition's window after a batch ending at {@code offset} (-1: the latest offset
   * known).
   */
  private void snapshot(int partition, long offset) {
    Window w = open.get(partition);
    ObjectNode n = Json.MAPPER.createObjectNode();
    if (w != null) {
      n.put("start", w.start.toString());
      n.put("eventSourceARN", w.eventSourceArn);
      n.set("state", w.state.deepCopy());
    }
    byte[] json;
    try {
      json = Json.MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the window state", e);
    }
    synchronized (snapshots) {
      ArrayDeque<Snapshot> q = snapshots.computeIfAbsent(partition, p -> new ArrayDeque<>());
      long at = offset >= 0 ? offset : q.isEmpty() ? -1 : q.peekLast().offset();
      if (at < 0) {
        return; // no batch of this partition here yet: the stored state stays what it was
      }
      q.addLast(new Snapshot(at, json));
    }
  }

  private void finish(int partition, Window w, Invoker invoker) {
    invoker.invoke(event(List.of(), w, partition, true));
    open.remove(partition, w);
  }

  private Instant windowStart(ChangeEvent e) {
    long ms = e.dynamodb().approximateCreationDateTime().toEpochMilli();
    long sizeMs = size.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(ms, sizeMs) * sizeMs);
  }

  private byte[] event(List<ChangeEvent> records, Window w, int partition, boolean last) {
    try {
      ObjectNode event = (ObjectNode) Json.MAPPER.readTree(ChangeEventJson.toLambdaEvent(records));
      ObjectNode window = event.putObject("window");
      window.put("start", w.start.toString());
      window.put("end", w.start.plus(size).toString());
      event.set("state", w.state);
      event.put("shardId", String.format("shardId-%020d", partition));
      event.put("eventSourceARN", w.eventSourceArn);
      event.put("isFinalInvokeForWindow", last);
      event.put("isWindowTerminatedEarly", false);
      return Json.MAPPER.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a windowed event", e);
    }
  }

  private static ObjectNode state(JsonNode response) {
    JsonNode s = response == null ? null : response.get("state");
    if (s == null || !s.isObject()) {
      throw new MissingStateException();
    }
    return (ObjectNode) s;
  }

  /**
   * The response of a windowed invocation holds no {@code state} object: Lambda fails the
   * invocation.
   */
  public static final class MissingStateException extends RuntimeException {
    MissingStateException() {
      super("with a tumbling window the response must hold a \"state\" object");
    }
  }
}
