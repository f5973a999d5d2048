package dev.tributary.handlers.search.internal;

import dev.tributary.core.FatalException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

/** Builds the opensearch-java client over Apache HttpClient 5, with the handler's JSON mapper. */
public final class ClientFactory {
  private ClientFactory() {}

  /** A client and whether the handler owns (and so closes) its transport. */
  public record Clients(OpenSearchClient client, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (!owned) {
        return;
      }
      try {
        client._transport().close();
      } catch (IOException e) {
        // closing: nothing left to do with a transport that would not close
      }
    }
  }

  public static Clients wrap(OpenSearchClient client) {
    return new Clients(client, false);
  }

  public static Clients connect(
      List<URI> urls,
      Optional<String> username,
      Optional<String> password,
      Duration connectTimeout,
      Duration requestTimeout) {
    HttpHost[] hosts = new HttpHost[urls.size()];
    for (int i = 0; i < hosts.length; i++) {
      URI u = urls.get(i);
      int port = u.getPort() >= 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 9200);
      hosts[i] = new HttpHost(u.getScheme(), u.getHost(), port);
    }
    ApacheHttpClient5TransportBuilder b =
        ApacheHttpClient5TransportBuilder.builder(hosts)
            .setMapper(new JacksonJsonpMapper(JsonImages.MAPPER))
            .setConnectionConfigCallback(c -> c.setConnectTimeout(Timeout.of(connectTimeout)))
            .setRequestConfigCallback(r -> r.setResponseTimeout(Timeout.of(requestTimeout)));
    if (username.isPresent()) {
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      for (HttpHost h : hosts) {
        credentials.setCredentials(
            new AuthScope(h),
            new UsernamePasswordCredentials(username.get(), password.orElse("").toCharArray()));
      }
      b.setHttpClientConfigCallback(h -> h.setDefaultCredentialsProvider(credentials));
    }
    try {
      OpenSearchTransport transport = b.build();
      return new Clients(new OpenSearchClient(transport), true);
    } catch (RuntimeException e) {
      throw new FatalException(
          "Cannot build an OpenSearch client for " + urls + ": " + e.getMessage(), e);
    }
  }
}
