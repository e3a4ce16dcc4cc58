package ai.asta.spotify.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small synchronous HTTP client for tests: real HTTP on loopback, redirects not followed. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** A response with its body parsed as JSON when it is JSON. */
  public record Reply(int status, java.net.http.HttpHeaders headers, String text) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + text;
    }
  }

  private Http() {}

  public static Reply get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
  }

  public static Reply get(String url, String token) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
  }

  public static Reply getHtml(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET(), null);
  }

  public static Reply post(String url, String token, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body)),
        token);
  }

  public static Reply put(String url, String token, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)),
        token);
  }

  public static Reply postForm(String url, String form) {
    return send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)),
        null);
  }

  public static Reply send(HttpRequest.Builder builder, String token) {
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r =
          CLIENT.send(
              builder.timeout(Duration.ofSeconds(40)).build(),
              HttpResponse.BodyHandlers.ofString());
      Reply reply = new Reply(r.statusCode(), r.headers(), r.body());
      if (ApiConformance.applies(r.request().uri())) {
        ApiConformance.check(r.request().method(), r.request().uri(), reply);
      }
      return reply;
    } catch (IOException e) {
      throw new IllegalStateException("HTTP request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
