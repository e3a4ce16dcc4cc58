package ai.asta.spotify.sandbox;

import ai.asta.spotify.sandbox.SimulatorState.Access;
import ai.asta.spotify.sandbox.SimulatorState.App;
import ai.asta.spotify.sandbox.SimulatorState.Code;
import ai.asta.spotify.sandbox.SimulatorState.Refresh;
import ai.asta.spotify.token.Secrets;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Spotify's accounts service: the consent page and the token endpoint, with Spotify's error bodies
 * and statuses (SPOTIFY-FACTS.md).
 */
final class AccountsRoutes {
  static final String TOKEN_ENDPOINT = "POST /api/token";

  private final Vertx vertx;
  private final SimulatorState state;

  AccountsRoutes(Vertx vertx, SimulatorState state) {
    this.vertx = vertx;
    this.state = state;
  }

  void mount(Router router) {
    router.get("/authorize").handler(this::authorize);
    router
        .post("/authorize/decision")
        .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
        .handler(this::decision);
    router
        .post("/api/token")
        .handler(BodyHandler.create(false).setBodyLimit(16 * 1024))
        .handler(
            ctx -> {
              if (!SimReplies.faulted(vertx, state, ctx, TOKEN_ENDPOINT, false)) {
                ctx.next();
              }
            })
        .handler(this::token);
  }

  private void authorize(RoutingContext ctx) {
    MultiMap q = ctx.request().params();
    String problem = checkClient(q.get("client_id"), q.get("redirect_uri"));
    if (problem != null) {
      ConsentPage.error(ctx, problem);
      return;
    }
    String redirect = q.get("redirect_uri");
    String state0 = q.get("state");
    if (!"code".equals(q.get("response_type"))) {
      redirect(ctx, redirect, "error", "unsupported_response_type", state0);
      return;
    }
    String method = q.get("code_challenge_method");
    String challenge = q.get("code_challenge");
    if ((method != null || challenge != null)
        && !("S256".equals(method) && challenge != null && challenge.length() >= 43)) {
      redirect(ctx, redirect, "error", "invalid_request", state0);
      return;
    }
    App app;
    synchronized (state) {
      app = state.apps.get(q.get("client_id"));
    }
    ConsentPage.render(ctx, app.name(), q, state.users.keySet());
  }

  private void decision(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    String problem = checkClient(f.get("client_id"), f.get("redirect_uri"));
    if (problem != null) {
      ConsentPage.error(ctx, problem);
      return;
    }
    if (!"agree".equals(f.get("action"))) {
      redirect(ctx, f.get("redirect_uri"), "error", "access_denied", f.get("state"));
      return;
    }
    String code = SimulatorState.token("AQ", 96);
    synchronized (state) {
      String user =
          state.users.containsKey(f.get("user"))
              ? f.get("user")
              : state.users.keySet().iterator().next();
      String challenge = f.get("code_challenge");
      state.codes.put(
          code,
          new Code(
              f.get("client_id"),
              user,
              f.get("redirect_uri"),
              challenge == null || challenge.isEmpty() ? null : challenge,
              f.get("scope"),
              System.currentTimeMillis() + state.codeLifetimeMs));
    }
    redirect(ctx, f.get("redirect_uri"), "code", code, f.get("state"));
  }

  private String checkClient(String clientId, String redirectUri) {
    synchronized (state) {
      App app = clientId == null ? null : state.apps.get(clientId);
      if (app == null) {
        return "INVALID_CLIENT: Invalid client";
      }
      if (redirectUri == null || !app.redirectUris().contains(redirectUri)) {
        return "INVALID_CLIENT: Invalid redirect URI";
      }
      return null;
    }
  }

  private static void redirect(
      RoutingContext ctx, String uri, String key, String value, String stateParam) {
    StringBuilder location = new StringBuilder(uri).append(uri.contains("?") ? '&' : '?');
    location.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    if (stateParam != null) {
      location.append("&state=").append(URLEncoder.encode(stateParam, StandardCharsets.UTF_8));
    }
    ctx.response().setStatusCode(303).putHeader("Location", location.toString()).end();
  }

  private void token(RoutingContext ctx) {
    String contentType = String.valueOf(ctx.request().getHeader("Content-Type"));
    if (!contentType.startsWith("application/x-www-form-urlencoded")) {
      SimReplies.oauthError(ctx, 415, "server_error", "Unexpected status: 415");
      return;
    }
    MultiMap form = ctx.request().formAttributes();
    String grant = form.get("grant_type");
    if (grant == null || grant.isEmpty()) {
      SimReplies.oauthError(ctx, 400, "unsupported_grant_type", "grant_type parameter is missing");
      return;
    }
    state.increment("grant:" + grant);
    synchronized (state) {
      Client client = authenticate(ctx, form);
      if (client == null) {
        return;
      }
      switch (grant) {
        case "authorization_code" -> exchange(ctx, form, client);
        case "refresh_token" -> refresh(ctx, form, client);
        case "client_credentials" -> clientCredentials(ctx, client);
        default ->
            SimReplies.oauthError(
                ctx,
                400,
                "unsupported_grant_type",
                "grant_type must be client_credentials, authorization_code or refresh_token");
      }
    }
  }

  /** The caller's app, from Basic auth (confidential) or client_id (public, PKCE). */
  private record Client(App app, boolean confidential) {}

  private Client authenticate(RoutingContext ctx, MultiMap form) {
    String header = ctx.request().getHeader("Authorization");
    if (header != null && header.startsWith("Basic ")) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        SimReplies.oauthError(ctx, 400, "invalid_client", "Invalid client");
        return null;
      }
      int colon = decoded.indexOf(':');
      App app = colon < 0 ? null : state.apps.get(decoded.substring(0, colon));
      if (app == null) {
        SimReplies.oauthError(ctx, 400, "invalid_client", "Invalid client");
        return null;
      }
      if (!Secrets.constantTimeEquals(app.clientSecret(), decoded.substring(colon + 1))) {
        SimReplies.oauthError(ctx, 400, "invalid_client", "Invalid client secret");
        return null;
      }
      return new Client(app, true);
    }
    App app = form.get("client_id") == null ? null : state.apps.get(form.get("client_id"));
    if (app == null) {
      SimReplies.oauthError(ctx, 400, "invalid_client", "Invalid client");
      return null;
    }
    return new Client(app, false);
  }

  private void exchange(RoutingContext ctx, MultiMap form, Client client) {
    String codeValue = form.get("code");
    Code code = codeValue == null ? null : state.codes.remove(codeValue);
    if (code == null || !code.clientId().equals(client.app().clientId())) {
      SimReplies.oauthError(ctx, 400, "invalid_grant", "Invalid authorization code");
      return;
    }
    if (code.expiresAt() < System.currentTimeMillis()) {
      SimReplies.oauthError(ctx, 400, "invalid_grant", "Authorization code expired");
      return;
    }
    if (!code.redirectUri().equals(form.get("redirect_uri"))) {
      SimReplies.oauthError(ctx, 400, "invalid_grant", "Invalid redirect URI");
      return;
    }
    boolean pkce = code.challenge() != null;
    if (pkce) {
      String verifier = form.get("code_verifier");
      if (verifier == null || !Secrets.codeChallenge(verifier).equals(code.challenge())) {
        SimReplies.oauthError(ctx, 400, "invalid_grant", "code_verifier was incorrect");
        return;
      }
    } else if (!client.confidential()) {
      SimReplies.oauthError(ctx, 400, "invalid_client", "Invalid client");
      return;
    }
    String refresh = SimulatorState.token("AQ", 96);
    state
        .issuedRefreshTokens
        .computeIfAbsent(code.userId(), u -> new java.util.HashSet<>())
        .add(refresh);
    state.refreshTokens.put(
        refresh,
        new Refresh(code.userId(), client.app().clientId(), code.scope(), !client.confidential()));
    SimReplies.json(
        ctx,
        200,
        issueAccess(code.userId(), client.app(), code.scope()).put("refresh_token", refresh));
  }

  private void refresh(RoutingContext ctx, MultiMap form, Client client) {
    String token = form.get("refresh_token");
    if (token != null && state.revokedRefreshTokens.contains(token)) {
      SimReplies.oauthError(ctx, 400, "invalid_grant", "Refresh token revoked");
      return;
    }
    Refresh grant = token == null ? null : state.refreshTokens.get(token);
    if (grant == null || !grant.clientId().equals(client.app().clientId())) {
      SimReplies.oauthError(ctx, 400, "invalid_grant", "Invalid refresh token");
      return;
    }
    if (!grant.pkce() && !client.confidential()) {
      SimReplies.oauthError(ctx, 400, "invalid_client", "Invalid client");
      return;
    }
    JsonObject body = issueAccess(grant.userId(), client.app(), grant.scope());
    if (grant.pkce()) {
      // Public clients get a new refresh token and the old one stops working (rotation).
      state.refreshTokens.remove(token);
      String next = SimulatorState.token("AQ", 96);
      state.refreshTokens.put(next, grant);
      state
          .issuedRefreshTokens
          .computeIfAbsent(grant.userId(), u -> new java.util.HashSet<>())
          .add(next);
      body.put("refresh_token", next);
    }
    SimReplies.json(ctx, 200, body);
  }

  private void clientCredentials(RoutingContext ctx, Client client) {
    if (!client.confidential()) {
      SimReplies.oauthError(ctx, 400, "invalid_client", "Invalid client");
      return;
    }
    JsonObject body = issueAccess(null, client.app(), "");
    body.remove("scope");
    SimReplies.json(ctx, 200, body);
  }

  private JsonObject issueAccess(String userId, App app, String scope) {
    String access = SimulatorState.token("BQ", 120);
    state.accessTokens.put(
        access,
        new Access(
            userId,
            app.clientId(),
            scope,
            System.currentTimeMillis() + state.accessTokenLifetimeMs));
    return new JsonObject()
        .put("access_token", access)
        .put("token_type", "Bearer")
        .put("scope", scope == null ? "" : scope)
        .put("expires_in", Math.max(1, state.accessTokenLifetimeMs / 1000));
  }
}
