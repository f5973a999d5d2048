package dev.tributary.handlers.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(OpenSearchServer.Extension.class)
class OpenSearchServerIT {

  @Test
  void shouldServeARealSingleNodeClusterWithoutSecurity(OpenSearchServer server) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> root =
        http.send(HttpRequest.newBuilder(URI.create(server.url() + "/")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body()).contains("\"distribution\" : \"opensearch\"");

    HttpResponse<String> plugins =
        http.send(HttpRequest.newBuilder(URI.create(server.url() + "/_cat/plugins")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(plugins.body()).doesNotContain("security");
  }

  @Test
  void shouldBeSharedAcrossCallers(OpenSearchServer server) {
    assertThat(OpenSearchServer.shared()).isSameAs(server);
  }

  @Test
  void shouldNotRunAsRoot(OpenSearchServer server) throws Exception {
    HttpResponse<String> nodes =
        HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(server.url() + "/_nodes/process")).build(),
            HttpResponse.BodyHandlers.ofString());
    String pid = nodes.body().replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1");
    String owner = ProcessHandle.of(Long.parseLong(pid)).orElseThrow().info().user().orElse("?");
    assertThat(owner).isNotEqualTo("root");
  }
}
