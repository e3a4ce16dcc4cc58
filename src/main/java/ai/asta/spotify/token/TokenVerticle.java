package ai.asta.spotify.token;

import ai.asta.spotify.bus.BusConsumers;
import ai.asta.spotify.bus.BusContract;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.spotify.AccountsClient;
import ai.asta.spotify.spotify.WebApiClient;
import ai.asta.spotify.store.CredentialStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Owns the Spotify link of every user: connect, callback, status, disconnect, setup, the app
 * credentials, and fresh access tokens for the Spotify verticle (local address only).
 */
public final class TokenVerticle extends VerticleBase {
  private static final long TICKET_TTL_MS = 10 * 60 * 1000;
  private static final long LINKED_USERS_PERIOD_MS = 60_000;

  private final AppConfig config;
  private final CredentialStore store;
  private final Metrics metrics;
  private WebClient http;

  private final boolean countsLinkedUsers;

  /**
   * @param countsLinkedUsers whether this instance (one per process) feeds the linked-users gauge
   */
  public TokenVerticle(
      AppConfig config, CredentialStore store, Metrics metrics, boolean countsLinkedUsers) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
    this.countsLinkedUsers = countsLinkedUsers;
  }

  @Override
  public Future<?> start() {
    http = WebClient.create(vertx, new WebClientOptions().setUserAgent("asta-spotify"));
    AccountsClient accounts =
        new AccountsClient(http, config.spotifyAccountsUrl(), config.spotifyTimeoutMs(), metrics);
    WebApiClient webApi =
        new WebApiClient(http, config.spotifyApiUrl(), config.spotifyTimeoutMs(), metrics);
    AppSettings apps = new AppSettings(store, config, accounts);
    LinkFlow links = new LinkFlow(store, apps, accounts, webApi, config, metrics);
    AccessTokens tokens =
        new AccessTokens(
            vertx, store, apps, accounts, config.refreshMarginSeconds() * 1000L, metrics);

    if (countsLinkedUsers) {
      metrics.onLinksChanged(() -> context.runOnContext(v -> countLinkedUsers()));
      countLinkedUsers();
      vertx.setPeriodic(LINKED_USERS_PERIOD_MS, id -> countLinkedUsers());
    }
    return new BusConsumers(vertx)
        .serve(BusContract.STATUS, req -> status(BusContract.user(req)))
        .serve(BusContract.CONNECT, req -> links.connect(BusContract.user(req)))
        .serveLocal(
            BusContract.CONNECT_WITH_TICKET,
            req -> links.connectWithTicket(req.getString("ticket")))
        .serveLocal(BusContract.CALLBACK, links::callback)
        .serve(BusContract.DISCONNECT, req -> disconnect(BusContract.user(req)))
        .serveLocal(BusContract.SETUP, req -> setup(BusContract.user(req)))
        .serve(BusContract.APP_STATUS, req -> apps.status())
        .serveLocal(BusContract.APP_SAVE, apps::save)
        .serve(BusContract.APP_TEST, req -> apps.test())
        .serveLocal(
            BusContract.ACCESS_TOKEN,
            req ->
                tokens
                    .forUser(BusContract.user(req), req.getString("rejected_token"))
                    .map(t -> new JsonObject().put("access_token", t)))
        .ready();
  }

  @Override
  public Future<?> stop() {
    if (http != null) {
      http.close();
    }
    return Future.succeededFuture();
  }

  /** Feeds the linked-users gauge; a failure (store down) leaves the last count. */
  private void countLinkedUsers() {
    store.linkedUsers().onSuccess(metrics::linkedUsers);
  }

  private Future<JsonObject> status(String user) {
    return store
        .tokens(user)
        .compose(
            tokens -> {
              if (tokens.isPresent()) {
                JsonObject reply = new JsonObject().put("connected", true);
                if (tokens.get().displayName() != null) {
                  reply.put("display_name", tokens.get().displayName());
                }
                return Future.succeededFuture(reply);
              }
              return store
                  .disconnectReason(user)
                  .map(
                      reason ->
                          new JsonObject()
                              .put("connected", false)
                              .put("reason", reason.orElse("not_linked")));
            });
  }

  /** Drops the link and any remembered reason: the user is simply not linked afterwards. */
  private Future<JsonObject> disconnect(String user) {
    return store
        .deleteTokens(user)
        .compose(v -> store.clearDisconnectReason(user))
        .onSuccess(v -> metrics.link("disconnected"))
        .map(v -> new JsonObject().put("disconnected", true));
  }

  private Future<JsonObject> setup(String user) {
    String base = config.baseUrl();
    Future<String> connectUrl;
    if (config.hasApiTokens()) {
      // A browser cannot send a bearer header, and the API token must never sit in a URL: a
      // short-lived, single-use ticket stands in for it.
      String ticket = Secrets.random(32);
      connectUrl =
          store
              .saveTicket(ticket, user, TICKET_TTL_MS)
              .map(v -> base + "/api/spotify/connect?ticket=" + ticket);
    } else {
      connectUrl =
          Future.succeededFuture(
              base
                  + "/api/spotify/connect?user_id="
                  + URLEncoder.encode(user, StandardCharsets.UTF_8));
    }
    return connectUrl.map(
        url ->
            new JsonObject()
                .put("dashboard_url", "https://developer.spotify.com/dashboard")
                .put("docs_url", "https://developer.spotify.com/documentation/web-api")
                .put("redirect_uri", config.redirectUri())
                .put("connect_url", url)
                .put(
                    "steps",
                    new JsonArray()
                        .add(
                            "Open the Spotify Developer Dashboard (dashboard_url) and log in with"
                                + " your Spotify account.")
                        .add(
                            "Create an app: give it a name and a description, and accept the"
                                + " terms.")
                        .add(
                            "Open the app's settings and copy the Client ID and Client secret"
                                + " into this service's settings.")
                        .add(
                            "Add the redirect URI "
                                + config.redirectUri()
                                + " under Redirect URIs and save.")));
  }
}
