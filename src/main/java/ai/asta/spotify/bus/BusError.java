package ai.asta.spotify.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A failure with the HTTP status it maps to and a message a user can act on. Thrown inside
 * consumers, carried across the bus by {@link BusContract#fail}, and read back by {@link #parse}.
 */
public class BusError extends RuntimeException {
  private final int status;
  private final String reason;
  private final Long retryAfterSeconds;

  public BusError(int status, String message) {
    this(status, message, null, null);
  }

  public BusError(int status, String message, String reason, Long retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  /** A machine-readable word (not_linked, revoked, premium_required, ...), or null. */
  public String reason() {
    return reason;
  }

  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("error", getMessage());
    if (reason != null) {
      json.put("reason", reason);
    }
    if (retryAfterSeconds != null) {
      json.put("retry_after", retryAfterSeconds);
    }
    return json;
  }

  /** Reads a failed request back into a {@link BusError}, whatever went wrong. */
  public static BusError parse(Throwable failure) {
    if (failure instanceof BusError e) {
      return e;
    }
    if (failure instanceof ReplyException re) {
      return switch (re.failureType()) {
        case NO_HANDLERS ->
            new BusError(503, "The service is starting or stopping; try again in a moment.");
        case TIMEOUT ->
            new BusError(504, "The request took too long; Spotify or the store may be slow.");
        default -> fromText(re.failureCode(), re.getMessage());
      };
    }
    return new BusError(500, "Internal error: " + failure.getClass().getSimpleName());
  }

  private static BusError fromText(int code, String text) {
    try {
      JsonObject json = new JsonObject(text == null ? "{}" : text);
      return new BusError(
          code,
          json.getString("error", "Request failed"),
          json.getString("reason"),
          json.getLong("retry_after"));
    } catch (DecodeException e) {
      return new BusError(code, text);
    }
  }
}
