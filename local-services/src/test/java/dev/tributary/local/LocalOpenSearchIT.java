package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LocalOpenSearchIT {
  private final LocalOpenSearch server = LocalOpenSearch.shared();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeARealSingleNodeClusterWithoutSecurity() throws Exception {
    HttpResponse<String> root = get("/");
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.body())
        .contains("\"distribution\" : \"opensearch\"")
        .contains("\"number\" : \"" + LocalOpenSearch.version() + "\"");
    assertThat(get("/_cat/plugins").body()).doesNotContain("security");
  }

  @Test
  void shouldBeSharedAcrossCallers() {
    assertThat(LocalOpenSearch.shared()).isSameAs(server);
  }

  @Test
  void shouldNotRunAsRoot() throws Exception {
    String pid = get("/_nodes/process").body().replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1");
    String owner = ProcessHandle.of(Long.parseLong(pid)).orElseThrow().info().user().orElse("?");
    assertThat(owner).isNotEqualTo("root");
  }

  @Test
  void shouldFindTheDistributionTheBuildUnpacked() {
    assertThat(LocalOpenSearch.defaultHome())
        .hasValueSatisfying(home -> assertThat(home.resolve("bin/opensearch")).isRegularFile());
  }
}
