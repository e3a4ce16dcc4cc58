package ai.asta.spotify.http;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.token.Secrets;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who a request acts for. With no token configured (allowed on loopback only) the API is open and
 * acts as {@code user_id} or {@code default}. Otherwise the bearer token decides: a token bound to
 * a user acts only for that user; a service token ({@code token=*}) names the user per request with
 * {@code user_id} or the {@code X-Asta-User} header. Tokens are compared in constant time.
 */
public final class ApiAuth implements Handler<RoutingContext> {
  static final String USER = "asta.user";
  private static final String SERVICE = "*";
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");

  private final Map<String, String> tokens = new LinkedHashMap<>();

  public ApiAuth(AppConfig config) {
    config.apiToken().ifPresent(t -> tokens.put(t, "default"));
    tokens.putAll(config.apiTokens());
  }

  @Override
  public void handle(RoutingContext ctx) {
    try {
      ctx.put(USER, authenticate(ctx));
      ctx.next();
    } catch (BusError e) {
      // Answered in the operation's own shape by its failure handler (ContractFailures).
      ctx.fail(e.status(), e);
    }
  }

  public static String user(RoutingContext ctx) {
    return ctx.get(USER);
  }

  /**
   * The user this request may act for.
   *
   * @throws BusError 401, 403 or 400 with what to do
   */
  public String authenticate(RoutingContext ctx) {
    String named = namedUser(ctx);
    if (tokens.isEmpty()) {
      return named != null ? named : "default";
    }
    String bearer = bearer(ctx.request().getHeader("Authorization"));
    String bound = bearer == null ? null : lookup(bearer);
    if (bound == null) {
      throw new BusError(
          401,
          "Missing or unknown API token. Send the header 'Authorization: Bearer <API token>'.",
          "unauthorized",
          null);
    }
    if (SERVICE.equals(bound)) {
      if (named == null) {
        throw new BusError(
            400,
            "This service token acts for any user: name one with ?user_id=<id> or the X-Asta-User"
                + " header.",
            "user_required",
            null);
      }
      return named;
    }
    if (named != null && !named.equals(bound)) {
      throw new BusError(
          403, "This API token cannot act for another user.", "forbidden_user", null);
    }
    return bound;
  }

  /** Walks every configured token so the time taken does not tell which one matched. */
  private String lookup(String presented) {
    String found = null;
    for (Map.Entry<String, String> e : tokens.entrySet()) {
      if (Secrets.constantTimeEquals(e.getKey(), presented)) {
        found = e.getValue();
      }
    }
    return found;
  }

  private static String namedUser(RoutingContext ctx) {
    String named = ctx.request().getParam("user_id");
    if (named == null) {
      named = ctx.request().getHeader("X-Asta-User");
    }
    if (named == null) {
      return null;
    }
    if (!USER_ID.matcher(named).matches()) {
      throw new BusError(
          400,
          "user_id must be 1 to 128 letters, digits or . _ @ : - characters.",
          "invalid_user_id",
          null);
    }
    return named;
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
