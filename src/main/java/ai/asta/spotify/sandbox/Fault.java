package ai.asta.spotify.sandbox;

import io.vertx.core.json.JsonObject;

/**
 * One injected failure: the next matching response becomes an HTTP status (429 with Retry-After,
 * 500, 502, 503, 202), a delay before the real answer, or a dropped connection.
 */
public record Fault(Kind kind, int status, String retryAfter, long delayMs) {
  public enum Kind {
    STATUS,
    DELAY,
    DROP
  }

  public static Fault status(int status) {
    return new Fault(Kind.STATUS, status, null, 0);
  }

  /** A 429; {@code retryAfter} null sends no header, as Spotify sometimes does. */
  public static Fault rateLimited(String retryAfter) {
    return new Fault(Kind.STATUS, 429, retryAfter, 0);
  }

  public static Fault delay(long ms) {
    return new Fault(Kind.DELAY, 0, null, ms);
  }

  public static Fault drop() {
    return new Fault(Kind.DROP, 0, null, 0);
  }

  static Fault fromJson(JsonObject json) {
    String kind = json.getString("kind", "status");
    return switch (kind) {
      case "delay" -> delay(json.getLong("delay_ms", 1000L));
      case "drop" -> drop();
      default ->
          new Fault(
              Kind.STATUS,
              json.getInteger("status", 500),
              json.getValue("retry_after") == null
                  ? null
                  : String.valueOf(json.getValue("retry_after")),
              0);
    };
  }
}
