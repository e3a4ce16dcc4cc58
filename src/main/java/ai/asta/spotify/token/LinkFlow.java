package ai.asta.spotify.token;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.spotify.AccountsClient;
import ai.asta.spotify.spotify.SpotifyApp;
import ai.asta.spotify.spotify.TokenEndpointException;
import ai.asta.spotify.spotify.TokenResponse;
import ai.asta.spotify.spotify.WebApiClient;
import ai.asta.spotify.store.CredentialStore;
import ai.asta.spotify.store.PendingLink;
import ai.asta.spotify.store.StoredTokens;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linking a Spotify account: the authorize URL with a one-time state (and PKCE for public apps),
 * and the callback that consumes the state, exchanges the code and stores the tokens for the user
 * who started the flow. The state resolves server-side, in the shared store, so the callback may
 * land on any instance.
 */
public final class LinkFlow {
  private static final Logger LOG = LoggerFactory.getLogger(LinkFlow.class);

  /** What devices, playback, now-playing and the profile need. */
  public static final String SCOPES =
      "user-read-playback-state user-modify-playback-state user-read-currently-playing"
          + " user-read-private";

  private final CredentialStore store;
  private final AppSettings apps;
  private final AccountsClient accounts;
  private final WebApiClient webApi;
  private final AppConfig config;
  private final Metrics metrics;

  public LinkFlow(
      CredentialStore store,
      AppSettings apps,
      AccountsClient accounts,
      WebApiClient webApi,
      AppConfig config,
      Metrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.apps = apps;
    this.accounts = accounts;
    this.webApi = webApi;
    this.config = config;
  }

  public Future<JsonObject> connect(String user) {
    return apps.required()
        .compose(
            app -> {
              String state = Secrets.random(32);
              String verifier = app.isPublicClient() ? Secrets.codeVerifier() : null;
              PendingLink link =
                  new PendingLink(user, app.clientId(), verifier, config.redirectUri());
              return store
                  .savePendingLink(state, link, config.stateTtlSeconds() * 1000L)
                  .map(v -> new JsonObject().put("url", authorizeUrl(app, state, verifier)));
            });
  }

  public Future<JsonObject> connectWithTicket(String ticket) {
    if (ticket == null || ticket.isBlank()) {
      throw new BusError(400, "The connect link has no ticket; open the link from setup again.");
    }
    return store
        .takeTicket(ticket)
        .compose(
            user ->
                user.map(this::connect)
                    .orElseGet(
                        () ->
                            Future.failedFuture(
                                new BusError(
                                    401,
                                    "This connect link has expired or was already used. Open"
                                        + " /api/spotify/setup again for a new one.",
                                    "ticket_invalid",
                                    null))));
  }

  /** Always answers an outcome: the browser must land on the settings page whatever happened. */
  public Future<JsonObject> callback(JsonObject request) {
    String state = request.getString("state");
    String code = request.getString("code");
    String error = request.getString("error");
    if (state == null || state.isBlank()) {
      return outcome("This sign-in came back without its state. Start again from Connect.", null);
    }
    return store
        .takePendingLink(state)
        .compose(
            link -> {
              if (link.isEmpty()) {
                return outcome(
                    "This sign-in link is unknown, expired or was already used. Start again from"
                        + " Connect.",
                    null);
              }
              String user = link.get().user();
              if (error != null) {
                // Spotify's own word (access_denied when the user pressed Cancel).
                return outcome(error, user);
              }
              if (code == null || code.isBlank()) {
                return outcome(
                    "Spotify sent no authorization code. Start again from Connect.", user);
              }
              return finish(link.get(), code);
            })
        .recover(
            e -> {
              LOG.warn("Linking failed: {}", e.getMessage());
              return outcome("Linking could not be completed: " + e.getMessage(), null);
            });
  }

  private Future<JsonObject> finish(PendingLink link, String code) {
    return apps.required()
        .compose(
            app -> {
              if (!app.clientId().equals(link.clientId())) {
                return outcome(
                    "The Spotify app changed while you were signing in. Connect again.",
                    link.user());
              }
              return accounts
                  .exchangeCode(app, code, link.redirectUri(), link.codeVerifier())
                  .compose(tokens -> store(link.user(), app, tokens))
                  .map(v -> connected(link.user()))
                  .recover(e -> outcome(exchangeFailure(e), link.user()));
            });
  }

  private Future<Void> store(String user, SpotifyApp app, TokenResponse tokens) {
    return displayName(tokens.accessToken())
        .compose(
            name ->
                store.saveTokens(
                    user,
                    new StoredTokens(
                        tokens.accessToken(),
                        tokens.refreshToken(),
                        System.currentTimeMillis() + tokens.expiresInSeconds() * 1000,
                        tokens.scope(),
                        app.clientId(),
                        app.isPublicClient(),
                        name)))
        .compose(v -> store.clearDisconnectReason(user))
        .onSuccess(
            v -> {
              metrics.link("linked");
              LOG.info("User {} linked a Spotify account", user);
            });
  }

  /** The profile is a nicety: a failure to read it must not fail the link. */
  private Future<String> displayName(String accessToken) {
    return webApi
        .call(HttpMethod.GET, "/me", Map.of(), null, accessToken)
        .map(a -> a.status() == 200 ? a.json().getString("display_name") : null)
        .otherwise((String) null);
  }

  private static String exchangeFailure(Throwable e) {
    if (e instanceof TokenEndpointException te) {
      return switch (te.kind()) {
        case INVALID_GRANT ->
            "Spotify refused the sign-in ("
                + te.getMessage()
                + "). The code may have expired; connect again.";
        case INVALID_CLIENT ->
            "Spotify rejected this service's app credentials. Check the Client ID and secret in"
                + " settings.";
        case TRANSIENT -> "Spotify is not answering right now. Try connecting again shortly.";
        case REJECTED -> "Spotify refused the sign-in: " + te.getMessage();
      };
    }
    return "Linking failed: " + e.getMessage();
  }

  private static JsonObject connected(String user) {
    return new JsonObject().put("outcome", "connected").put("user", user);
  }

  private static Future<JsonObject> outcome(String message, String user) {
    JsonObject reply = new JsonObject().put("outcome", "error").put("message", message);
    Optional.ofNullable(user).ifPresent(u -> reply.put("user", u));
    return Future.succeededFuture(reply);
  }

  private String authorizeUrl(SpotifyApp app, String state, String verifier) {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("client_id", app.clientId());
    query.put("response_type", "code");
    query.put("redirect_uri", config.redirectUri());
    query.put("scope", SCOPES);
    query.put("state", state);
    if (verifier != null) {
      query.put("code_challenge_method", "S256");
      query.put("code_challenge", Secrets.codeChallenge(verifier));
    }
    return config.spotifyAccountsUrl()
        + "/authorize?"
        + query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }
}
