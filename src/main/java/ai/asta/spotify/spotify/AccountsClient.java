package ai.asta.spotify.spotify;

import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.spotify.TokenEndpointException.Kind;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Spotify's accounts service: the token endpoint (code exchange, refresh, client credentials).
 * Confidential apps authenticate with HTTP Basic; public apps send client_id (and, for the code
 * exchange, the PKCE verifier) in the form instead.
 */
public final class AccountsClient {
  private final WebClient client;
  private final String tokenUrl;
  private final long timeoutMs;
  private final Metrics metrics;

  public AccountsClient(WebClient client, String accountsUrl, long timeoutMs, Metrics metrics) {
    this.client = client;
    this.tokenUrl = accountsUrl + "/api/token";
    this.timeoutMs = timeoutMs;
    this.metrics = metrics;
  }

  public Future<TokenResponse> exchangeCode(
      SpotifyApp app, String code, String redirectUri, String codeVerifier) {
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("grant_type", "authorization_code")
            .add("code", code)
            .add("redirect_uri", redirectUri);
    if (codeVerifier != null) {
      form.add("code_verifier", codeVerifier);
    }
    return post(app, form);
  }

  public Future<TokenResponse> refresh(SpotifyApp app, String refreshToken) {
    MultiMap form =
        MultiMap.caseInsensitiveMultiMap()
            .add("grant_type", "refresh_token")
            .add("refresh_token", refreshToken);
    return post(app, form);
  }

  /** The client-credentials grant: only proves Spotify accepts the app's id and secret. */
  public Future<TokenResponse> clientCredentials(SpotifyApp app) {
    return post(app, MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials"));
  }

  private Future<TokenResponse> post(SpotifyApp app, MultiMap form) {
    HttpRequest<Buffer> request = client.postAbs(tokenUrl).timeout(timeoutMs);
    if (app.isPublicClient()) {
      form.add("client_id", app.clientId());
    } else {
      String basic = app.clientId() + ":" + app.clientSecret();
      request.putHeader(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    long start = System.nanoTime();
    return request
        .sendForm(form)
        .andThen(
            ar ->
                metrics.spotifyCall(
                    "POST /api/token",
                    ar.succeeded() ? Integer.toString(ar.result().statusCode()) : "error",
                    System.nanoTime() - start))
        .recover(
            e ->
                Future.failedFuture(
                    new TokenEndpointException(
                        Kind.TRANSIENT, null, "Spotify's accounts service is unreachable")))
        .compose(AccountsClient::read);
  }

  private static Future<TokenResponse> read(HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 200) {
      try {
        return Future.succeededFuture(TokenResponse.fromJson(response.bodyAsJsonObject()));
      } catch (RuntimeException e) {
        return Future.failedFuture(
            new TokenEndpointException(
                Kind.TRANSIENT, null, "Spotify's accounts service sent an unreadable answer"));
      }
    }
    if (status == 429 || status >= 500) {
      return Future.failedFuture(
          new TokenEndpointException(
              Kind.TRANSIENT,
              null,
              "Spotify's accounts service answered " + status + "; try again shortly"));
    }
    JsonObject body = safeJson(response);
    String error = body.getString("error", "http_" + status);
    String description = body.getString("error_description", "");
    Kind kind =
        switch (error) {
          case "invalid_grant" -> Kind.INVALID_GRANT;
          case "invalid_client", "unauthorized_client" -> Kind.INVALID_CLIENT;
          default -> Kind.REJECTED;
        };
    return Future.failedFuture(new TokenEndpointException(kind, error, description));
  }

  private static JsonObject safeJson(HttpResponse<Buffer> response) {
    try {
      JsonObject json = response.bodyAsJsonObject();
      return json == null ? new JsonObject() : json;
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }
}
