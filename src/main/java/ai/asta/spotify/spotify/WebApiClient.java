package ai.asta.spotify.spotify;

import ai.asta.spotify.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.util.Map;

/**
 * One HTTP call to Spotify's Web API. It neither retries nor interprets: {@link Player} decides
 * what an answer means. A transport failure (timeout, reset) fails with {@link
 * UpstreamUnavailableException}.
 */
public final class WebApiClient {
  private final WebClient client;
  private final String apiUrl;
  private final long timeoutMs;
  private final Metrics metrics;

  public WebApiClient(WebClient client, String apiUrl, long timeoutMs, Metrics metrics) {
    this.client = client;
    this.apiUrl = apiUrl;
    this.timeoutMs = timeoutMs;
    this.metrics = metrics;
  }

  /** An answer from Spotify, whatever its status. */
  public record Answer(int status, String retryAfter, Buffer body) {
    public JsonObject json() {
      try {
        return body == null || body.length() == 0 ? new JsonObject() : body.toJsonObject();
      } catch (RuntimeException e) {
        return new JsonObject();
      }
    }

    public boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  public Future<Answer> call(
      HttpMethod method,
      String path,
      Map<String, String> query,
      JsonObject body,
      String accessToken) {
    HttpRequest<Buffer> request =
        client
            .requestAbs(method, apiUrl + path)
            .timeout(timeoutMs)
            .putHeader("Authorization", "Bearer " + accessToken);
    query.forEach(request::addQueryParam);
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent =
        body == null
            ? (method == HttpMethod.PUT || method == HttpMethod.POST
                ? request.putHeader("Content-Length", "0").send()
                : request.send())
            : request.sendJsonObject(body);
    long start = System.nanoTime();
    String endpoint = method.name() + " " + path;
    return sent.map(r -> new Answer(r.statusCode(), r.getHeader("Retry-After"), r.body()))
        .andThen(
            ar ->
                metrics.spotifyCall(
                    endpoint,
                    ar.succeeded() ? Integer.toString(ar.result().status()) : "error",
                    System.nanoTime() - start))
        .recover(
            e ->
                Future.failedFuture(
                    new UpstreamUnavailableException(
                        e instanceof java.util.concurrent.TimeoutException
                                || String.valueOf(e.getMessage()).contains("timeout")
                            ? "Spotify did not answer in time"
                            : "Spotify could not be reached",
                        e)));
  }
}
