package dev.tributary.worker.console.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long actions (a redrive, a replay) run on their own thread; the page follows their progress. The
 * last {@value #KEEP} jobs are remembered.
 */
final class Jobs {
  private static final Logger log = LoggerFactory.getLogger("dev.tributary.worker.console");
  private static final int KEEP = 50;

  /** What a job's body reports its progress to. */
  interface Progress {
    void progress(long done, long total);
  }

  /** A job's body: does the work, reports progress, returns a one-line result. */
  interface Body {
    String run(Progress progress) throws Exception;
  }

  enum State {
    RUNNING,
    DONE,
    FAILED
  }

  static final class Job {
    final String id;
    final String kind;
    final String what;
    final long started = System.currentTimeMillis();
    volatile State state = State.RUNNING;
    volatile long done;
    volatile long total = -1;
    volatile String result = "";
    volatile long finished;

    Job(String id, String kind, String what) {
      this.id = id;
      this.kind = kind;
      this.what = what;
    }

    ObjectNode toJson() {
      ObjectNode o = Web.JSON.createObjectNode();
      o.put("id", id)
          .put("kind", kind)
          .put("what", what)
          .put("state", state.name())
          .put("done", done)
          .put("total", total)
          .put("result", result)
          .put("started", started);
      if (finished > 0) {
        o.put("finished", finished);
      }
      return o;
    }
  }

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  /** Starts {@code body} on its own thread; {@code who} is logged with the outcome. */
  Job start(String kind, String what, String who, Body body) {
    Job job = new Job(kind + "-" + ids.incrementAndGet(), kind, what);
    synchronized (jobs) {
      jobs.put(job.id, job);
      if (jobs.size() > KEEP) {
        jobs.remove(jobs.keySet().iterator().next());
      }
    }
    Thread t =
        new Thread(
            () -> {
              try {
                job.result =
                    body.run(
                        (done, total) -> {
                          job.done = done;
                          job.total = total;
                        });
                job.state = State.DONE;
                log.info("Console {} {} for {} done: {}", kind, what, who, job.result);
              } catch (Exception | Error e) {
                job.result = String.valueOf(e.getMessage() == null ? e.toString() : e.getMessage());
                job.state = State.FAILED;
                log.warn("Console {} {} for {} failed: {}", kind, what, who, job.result);
              } finally {
                job.finished = System.currentTimeMillis();
              }
            },
            "tributary-console-" + job.id);
    t.setDaemon(true);
    t.start();
    return job;
  }

  Optional<Job> get(String id) {
    synchronized (jobs) {
      return Optional.ofNullable(jobs.get(id));
    }
  }

  List<Job> all() {
    synchronized (jobs) {
      return new ArrayList<>(jobs.values());
    }
  }
}
