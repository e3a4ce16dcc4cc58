package ai.asta.spotify.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * The event-bus contract: every address, and the JSON each one takes and answers.
 *
 * <p><b>Requests</b> are JSON objects. Every per-user request carries {@code "user"}: the Asta user
 * id the operation acts for. A caller on the bus is trusted to name the user, exactly like a REST
 * service token ({@code ASTA_API_TOKENS} user {@code *}).
 *
 * <p><b>Failures</b> are {@code message.fail(code, text)} where {@code code} is the HTTP status the
 * REST API answers with (400, 401, 403, 404, 409, 429, 502, 503, 504) and {@code text} is a JSON
 * object encoded as a string: {@code {"error": "<what went wrong and what to do>"}} plus, where
 * they apply, {@code "reason"} (a machine-readable word such as {@code not_linked}) and {@code
 * "retry_after"} (seconds, with 429). Use {@link #fail} to produce one and {@link BusError#parse}
 * to read one.
 *
 * <p><b>Visibility.</b> Public addresses are cluster-wide. Addresses marked <i>local</i> carry a
 * secret (an access token, an OAuth code or state, a client secret, a connect ticket) and are
 * registered with {@code localConsumer}, so they never cross the network; every instance runs its
 * own consumers for them.
 */
public final class BusContract {
  private BusContract() {}

  // --- linking (TokenVerticle) ----------------------------------------------------------------

  /** {@code {user}} → {@code {connected, reason?: "not_linked"|"revoked", display_name?}}. */
  public static final String STATUS = "spotify.status";

  /**
   * {@code {user}} → {@code {url}}: the Spotify authorize URL with a fresh single-use state. Fails
   * 409 when no Spotify client id is configured.
   */
  public static final String CONNECT = "spotify.connect";

  /** <i>Local.</i> {@code {ticket}} → {@code {url}}: connect for the user a setup ticket names. */
  public static final String CONNECT_WITH_TICKET = "spotify.connect.ticket";

  /**
   * <i>Local.</i> {@code {state, code?, error?}} → {@code {outcome: "connected"|"error", message?,
   * user?}}. Never fails: every outcome is a reply, because the browser must always be redirected.
   */
  public static final String CALLBACK = "spotify.callback";

  /** {@code {user}} → {@code {disconnected: true}}; drops the user's tokens. */
  public static final String DISCONNECT = "spotify.disconnect";

  /**
   * <i>Local</i> (the reply may carry a connect ticket). {@code {user}} → {@code {dashboard_url,
   * docs_url, redirect_uri, connect_url, steps: [4 strings]}}.
   */
  public static final String SETUP = "spotify.setup";

  /** {@code {}} → {@code {client_id_set, client_secret_set, source: "api"|"config"|"none"}}. */
  public static final String APP_STATUS = "spotify.app.status";

  /**
   * <i>Local.</i> {@code {client_id?, client_secret?}} → same reply as {@link #APP_STATUS}. A field
   * left out keeps its value; an empty string clears it.
   */
  public static final String APP_SAVE = "spotify.app.save";

  /** {@code {}} → {@code {valid: bool, message}}: whether Spotify accepts the app credentials. */
  public static final String APP_TEST = "spotify.app.test";

  /**
   * <i>Local.</i> {@code {user, rejected_token?}} → {@code {access_token}}: a fresh access token,
   * refreshed first when it is near expiry or equals {@code rejected_token} (the one Spotify just
   * answered 401 to). Fails 401 with reason not_linked/revoked, 503 when Spotify's token endpoint
   * is failing.
   */
  public static final String ACCESS_TOKEN = "spotify.token.access";

  // --- player (SpotifyVerticle) ---------------------------------------------------------------

  /**
   * {@code {user}} → {@code {devices: [{id, name, type, is_active, is_private_session,
   * is_restricted, volume_percent, supports_volume}], connected}}.
   */
  public static final String DEVICES = "spotify.devices";

  /**
   * {@code {user, track_uri, device_id?}} → {@code {ok: true, error: null, device_id, track_uri}}.
   */
  public static final String PLAY = "spotify.play";

  /** {@code {user, device_id?}} → {@code {ok: true, error: null}}: pause (the active device). */
  public static final String PAUSE = "spotify.pause";

  /** {@code {user, device_id?}} → {@code {ok: true, error: null}}: resume where it paused. */
  public static final String RESUME = "spotify.resume";

  /** {@code {user, volume_percent: 0..100, device_id?}} → {@code {ok, error, volume_percent}}. */
  public static final String VOLUME = "spotify.volume";

  /** {@code {user, device_id, play?}} → {@code {ok, error, device_id}}: move playback there. */
  public static final String TRANSFER = "spotify.transfer";

  /**
   * {@code {user}} → {@code {playing: false}} or {@code {playing, track_uri, name, artists,
   * progress_ms, duration_ms, device_id, device_name}}.
   */
  public static final String NOW_PLAYING = "spotify.now-playing";

  /**
   * {@code {user, query, device_id?}} → what {@link #PLAY} answers plus {@code name} and {@code
   * artists} of the track found and played.
   */
  public static final String PLAY_SEARCH = "spotify.play-search";

  /** Where a request waits at most for a reply before the caller gives up. */
  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  public static DeliveryOptions options() {
    return new DeliveryOptions().setSendTimeout(DEFAULT_TIMEOUT_MS);
  }

  /** Fails a request following the contract's failure convention. */
  public static void fail(Message<?> message, BusError error) {
    message.fail(error.status(), error.toJson().encode());
  }

  /** The user a request names; consumers check it is present before anything else. */
  public static String user(JsonObject request) {
    String user = request == null ? null : request.getString("user");
    if (user == null || user.isBlank()) {
      throw new BusError(400, "The request names no user: send {\"user\": \"<asta user id>\"}.");
    }
    return user;
  }
}
