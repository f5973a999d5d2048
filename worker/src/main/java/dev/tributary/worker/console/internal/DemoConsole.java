package dev.tributary.worker.console.internal;

import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.examples.orders.OrderStreamDemo;
import dev.tributary.worker.console.ConsoleBackend;
import dev.tributary.worker.internal.HttpEndpoints;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web console of {@code tributary demo}: the demo's pipeline, engine and broker, on its own
 * port.
 */
public final class DemoConsole implements OrderStreamDemo.Attachment {
  private final ConsoleRoutes routes;
  private final HttpEndpoints http;
  private final String url;

  private DemoConsole(ConsoleRoutes routes, HttpEndpoints http, String host) {
    this.routes = routes;
    this.http = http;
    this.url = "http://" + host + ":" + http.port() + ConsoleRoutes.PREFIX + "/";
  }

  /** Serves the console of {@code running} on {@code host:port} (0: a free port). */
  public static DemoConsole start(
      OrderStreamDemo.Running running, String host, int port, Optional<String> token) {
    ConsoleRoutes routes =
        new ConsoleRoutes(
            backend(running), token, HostCheck.of(host, List.of()), false, 1_000, 600);
    String ok = "{\"status\":\"UP\"}\n";
    try {
      HttpEndpoints http =
          HttpEndpoints.start(
              host,
              port,
              () -> new HttpEndpoints.Health(true, ok),
              () -> new HttpEndpoints.Health(true, ok),
              () -> "",
              body -> new HttpEndpoints.Reply(404, "{\"error\":\"no admin actions here\"}"),
              List.of(routes));
      return new DemoConsole(routes, http, host);
    } catch (RuntimeException e) {
      routes.close();
      throw e;
    }
  }

  public String url() {
    return url;
  }

  @Override
  public String description() {
    return url
        + " (the web console"
        + (routesActions() ? "" : "; redrive and replay need --console-token")
        + ")";
  }

  private boolean routesActions() {
    return routes.actionsEnabled();
  }

  private static ConsoleBackend backend(OrderStreamDemo.Running r) {
    return new ConsoleBackend() {
      @Override
      public String state() {
        return r.runtime().state().name();
      }

      @Override
      public List<Pipeline> pipelines() {
        return r.runtime().pipelines();
      }

      @Override
      public Optional<PipelineRuntime> runtime() {
        return Optional.of(r.runtime());
      }

      @Override
      public Optional<TributaryEngine> engine() {
        return Optional.of(r.engine());
      }

      @Override
      public Map<String, Object> kafkaClientConfig() {
        return Map.of("bootstrap.servers", r.bootstrapServers());
      }

      @Override
      public List<Source> sources() {
        return List.of(new Source("engine-relay/demo", r.relayState().get()));
      }
    };
  }

  @Override
  public void close() {
    http.close();
    routes.close();
  }
}
