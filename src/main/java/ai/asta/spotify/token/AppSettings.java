package ai.asta.spotify.token;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.spotify.AccountsClient;
import ai.asta.spotify.spotify.SpotifyApp;
import ai.asta.spotify.spotify.TokenEndpointException;
import ai.asta.spotify.store.AppCredentials;
import ai.asta.spotify.store.CredentialStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Which Spotify app the service acts as. A pair saved through the API wins; the configuration
 * (SPOTIFY_CLIENT_ID / SPOTIFY_CLIENT_SECRET) is the fallback. Values are never read back out.
 */
public final class AppSettings {
  private final CredentialStore store;
  private final AppConfig config;
  private final AccountsClient accounts;

  public AppSettings(CredentialStore store, AppConfig config, AccountsClient accounts) {
    this.store = store;
    this.config = config;
    this.accounts = accounts;
  }

  /** The app in force, or empty when no client id is known at all. */
  public Future<Optional<SpotifyApp>> current() {
    return store.appCredentials().map(this::effective).map(s -> Optional.ofNullable(s.app));
  }

  /** The app in force, or a 409 that tells how to configure one. */
  public Future<SpotifyApp> required() {
    return current()
        .map(
            app ->
                app.orElseThrow(
                    () ->
                        new BusError(
                            409,
                            "No Spotify client id is configured yet. Create an app on the Spotify"
                                + " Developer Dashboard, then save its Client ID (and Client"
                                + " secret) with PUT /api/spotify/app or set SPOTIFY_CLIENT_ID,"
                                + " and connect again. GET /api/spotify/setup lists the steps.",
                            "no_client_id",
                            null)));
  }

  public Future<JsonObject> status() {
    return store.appCredentials().map(this::effective).map(Effective::toJson);
  }

  /** A field left out keeps its value; an empty string clears it. */
  public Future<JsonObject> save(JsonObject request) {
    for (String field : new String[] {"client_id", "client_secret"}) {
      Object value = request.getValue(field);
      if (value != null && !(value instanceof String)) {
        throw new BusError(400, field + " must be a string (an empty string clears it).");
      }
      if (value instanceof String s && s.length() > 256) {
        throw new BusError(400, field + " is too long; paste the value from the dashboard.");
      }
    }
    return store
        .appCredentials()
        .compose(
            old -> {
              String id = merge(old.clientId(), request, "client_id");
              String secret = merge(old.clientSecret(), request, "client_secret");
              return store.saveAppCredentials(new AppCredentials(id, secret));
            })
        .compose(v -> status());
  }

  /** Asks Spotify whether it accepts the app (client-credentials grant). */
  public Future<JsonObject> test() {
    return current()
        .compose(
            maybe -> {
              if (maybe.isEmpty()) {
                return Future.succeededFuture(
                    verdict("missing", false, "No Client ID is set. Save one first."));
              }
              SpotifyApp app = maybe.get();
              if (app.isPublicClient()) {
                return Future.succeededFuture(
                    verdict(
                        "unchecked",
                        false,
                        "No Client secret is set, so Spotify cannot check the pair now. Linking"
                            + " will use PKCE; the Client ID is checked when you connect."));
              }
              return accounts
                  .clientCredentials(app)
                  .map(t -> verdict("valid", true, "Spotify accepts this Client ID and secret."))
                  .recover(e -> Future.succeededFuture(verdictFor(e)));
            });
  }

  private static JsonObject verdictFor(Throwable e) {
    if (e instanceof TokenEndpointException te) {
      return switch (te.kind()) {
        case INVALID_CLIENT ->
            verdict(
                "invalid",
                false,
                "Spotify rejects this Client ID or secret ("
                    + te.getMessage()
                    + "). Copy both again from the app's settings on the dashboard.");
        case TRANSIENT ->
            verdict(
                "unavailable",
                false,
                "Spotify could not be asked right now (" + te.getMessage() + "). Try again.");
        default -> verdict("invalid", false, "Spotify refused the check: " + te.getMessage() + ".");
      };
    }
    return verdict("unavailable", false, "Spotify could not be asked right now. Try again.");
  }

  private static JsonObject verdict(String verdict, boolean valid, String message) {
    return new JsonObject().put("verdict", verdict).put("valid", valid).put("message", message);
  }

  private static String merge(String old, JsonObject request, String field) {
    if (!request.containsKey(field)) {
      return old;
    }
    String value = request.getString(field);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private record Effective(SpotifyApp app, String source) {
    JsonObject toJson() {
      return new JsonObject()
          .put("client_id_set", app != null)
          .put("client_secret_set", app != null && !app.isPublicClient())
          .put("source", source);
    }
  }

  private Effective effective(AppCredentials saved) {
    if (saved.clientId() != null) {
      return new Effective(new SpotifyApp(saved.clientId(), saved.clientSecret()), "api");
    }
    if (config.spotifyClientId().isPresent()) {
      return new Effective(
          new SpotifyApp(config.spotifyClientId().get(), config.spotifyClientSecret().orElse(null)),
          "config");
    }
    return new Effective(null, "none");
  }
}
