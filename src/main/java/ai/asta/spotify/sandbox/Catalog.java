package ai.asta.spotify.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The simulator's small built-in music catalog, shaped as Spotify's TrackObject. */
final class Catalog {
  record Track(
      String id, String name, String artist, String album, int durationMs, int popularity) {
    String uri() {
      return "spotify:track:" + id;
    }

    boolean matches(String query) {
      String q = query.toLowerCase(Locale.ROOT);
      return (name + " " + artist + " " + album).toLowerCase(Locale.ROOT).contains(q)
          || List.of(q.split("\\s+")).stream()
              .allMatch(w -> (name + " " + artist).toLowerCase(Locale.ROOT).contains(w));
    }

    JsonObject toJson(String baseUrl) {
      String artistId = id.substring(0, 11) + "ARTIST00000";
      String albumId = id.substring(0, 11) + "ALBUM000000";
      JsonObject artistJson =
          new JsonObject()
              .put("id", artistId)
              .put("name", artist)
              .put("type", "artist")
              .put("uri", "spotify:artist:" + artistId)
              .put("href", baseUrl + "/v1/artists/" + artistId)
              .put("external_urls", spotifyUrl("artist", artistId));
      return new JsonObject()
          .put("id", id)
          .put("name", name)
          .put("type", "track")
          .put("uri", uri())
          .put("href", baseUrl + "/v1/tracks/" + id)
          .put("duration_ms", durationMs)
          .put("popularity", popularity)
          .put("explicit", false)
          .put("is_local", false)
          .put("is_playable", true)
          .put("disc_number", 1)
          .put("track_number", 1)
          .put("available_markets", new JsonArray().add("SE").add("US"))
          .put("external_ids", new JsonObject().put("isrc", "SIM" + id.substring(0, 9)))
          .put("external_urls", spotifyUrl("track", id))
          .put("artists", new JsonArray().add(artistJson))
          .put(
              "album",
              new JsonObject()
                  .put("id", albumId)
                  .put("name", album)
                  .put("album_type", "album")
                  .put("total_tracks", 10)
                  .put("available_markets", new JsonArray().add("SE").add("US"))
                  .put("external_urls", spotifyUrl("album", albumId))
                  .put("href", baseUrl + "/v1/albums/" + albumId)
                  .put("images", new JsonArray())
                  .put("release_date", "2020-01-01")
                  .put("release_date_precision", "day")
                  .put("type", "album")
                  .put("uri", "spotify:album:" + albumId)
                  .put("artists", new JsonArray().add(artistJson.copy())));
    }

    private static JsonObject spotifyUrl(String kind, String id) {
      return new JsonObject().put("spotify", "https://open.spotify.com/" + kind + "/" + id);
    }
  }

  static final List<Track> TRACKS =
      List.of(
          new Track(
              "4cOdK2wGLETKBW3PvgPWqT",
              "Never Gonna Give You Up",
              "Rick Astley",
              "Whenever You Need Somebody",
              213573,
              80),
          new Track(
              "3n3Ppam7vgaVa1iaRUc9Lp", "Mr. Brightside", "The Killers", "Hot Fuss", 222973, 88),
          new Track("7qiZfU4dY1lWllzX7mPBI3", "Shape of You", "Ed Sheeran", "Divide", 233712, 85),
          new Track(
              "0VjIjW4GlUZAMYd2vXMi3b", "Blinding Lights", "The Weeknd", "After Hours", 200040, 92),
          new Track(
              "5ghIJDpPoe3CfHMGu71E6T",
              "Smells Like Teen Spirit",
              "Nirvana",
              "Nevermind",
              301920,
              83),
          new Track(
              "2takcwOaAZWiXQijPHIx7B",
              "Time to Pretend",
              "MGMT",
              "Oracular Spectacular",
              261000,
              70),
          new Track("6habFhsOp2NvshLv26DqMb", "Despacito", "Luis Fonsi", "Vida", 229360, 78),
          new Track(
              "1301WleyT98MSxVHPZCA6M",
              "Flowers",
              "Miley Cyrus",
              "Endless Summer Vacation",
              200455,
              90));

  private Catalog() {}

  static Optional<Track> byUri(String uri) {
    return TRACKS.stream().filter(t -> t.uri().equals(uri)).findFirst();
  }

  /** Best match first: by popularity among those matching. */
  static List<Track> search(String query, int limit) {
    return TRACKS.stream()
        .filter(t -> t.matches(query))
        .sorted((a, b) -> Integer.compare(b.popularity, a.popularity))
        .limit(limit)
        .toList();
  }
}
