package ai.asta.spotify.spotify;

import ai.asta.spotify.bus.BusError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the user asked to play, normalised to a Spotify URI: a track plays as {@code uris}; an
 * album, playlist or artist plays as a {@code context_uri}. Accepts {@code spotify:<kind>:<id>} and
 * {@code https://open.spotify.com/<kind>/<id>} links (query and locale prefix ignored).
 */
public record TrackUri(String kind, String id) {
  private static final Pattern URI =
      Pattern.compile("spotify:(track|album|playlist|artist):([0-9A-Za-z]{22})");
  private static final Pattern LINK =
      Pattern.compile(
          "https://open\\.spotify\\.com/(?:intl-[a-z]{2}(?:-[a-z]{2})?/)?(track|album|playlist|artist)/([0-9A-Za-z]{22})(?:\\?[^\\s#]*)?");

  public static final String HELP =
      "track_uri must be a Spotify URI such as spotify:track:4cOdK2wGLETKBW3PvgPWqT (or"
          + " spotify:album:/playlist:/artist: with a 22-character id), or a link such as"
          + " https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT.";

  public static TrackUri parse(Object value) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw new BusError(400, "track_uri is required. " + HELP, "invalid_track_uri", null);
    }
    String trimmed = text.trim();
    for (Pattern p : new Pattern[] {URI, LINK}) {
      Matcher m = p.matcher(trimmed);
      if (m.matches()) {
        return new TrackUri(m.group(1), m.group(2));
      }
    }
    throw new BusError(
        400, "track_uri is not a playable Spotify item. " + HELP, "invalid_track_uri", null);
  }

  public String uri() {
    return "spotify:" + kind + ":" + id;
  }

  /** The body of PUT /me/player/play. */
  public JsonObject playBody() {
    return "track".equals(kind)
        ? new JsonObject().put("uris", new JsonArray().add(uri()))
        : new JsonObject().put("context_uri", uri());
  }
}
