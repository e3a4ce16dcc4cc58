package ai.asta.spotify.spotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.asta.spotify.bus.BusError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackUriTest {
  @Test
  void acceptsUrisAndLinksAndNormalisesThem() {
    assertThat(TrackUri.parse("spotify:track:4cOdK2wGLETKBW3PvgPWqT").uri())
        .isEqualTo("spotify:track:4cOdK2wGLETKBW3PvgPWqT");
    assertThat(TrackUri.parse("https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT?si=abc").uri())
        .isEqualTo("spotify:track:4cOdK2wGLETKBW3PvgPWqT");
    assertThat(
            TrackUri.parse("https://open.spotify.com/intl-de/track/4cOdK2wGLETKBW3PvgPWqT").uri())
        .isEqualTo("spotify:track:4cOdK2wGLETKBW3PvgPWqT");
  }

  @Test
  void tracksPlayAsUrisAndCollectionsAsContext() {
    assertThat(TrackUri.parse("spotify:track:4cOdK2wGLETKBW3PvgPWqT").playBody().encode())
        .isEqualTo("{\"uris\":[\"spotify:track:4cOdK2wGLETKBW3PvgPWqT\"]}");
    assertThat(TrackUri.parse("spotify:album:4cOdK2wGLETKBW3PvgPWqT").playBody().encode())
        .isEqualTo("{\"context_uri\":\"spotify:album:4cOdK2wGLETKBW3PvgPWqT\"}");
    assertThat(
            TrackUri.parse("https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M")
                .playBody()
                .getString("context_uri"))
        .isEqualTo("spotify:playlist:37i9dQZF1DXcBWIGoYBM5M");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "spotify:track:short",
        "spotify:track:4cOdK2wGLETKBW3PvgPWqT\r\nX-Injected: 1",
        "spotify:episode:4cOdK2wGLETKBW3PvgPWqT",
        "https://evil.example/track/4cOdK2wGLETKBW3PvgPWqT",
        "http://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT",
        "../../etc/passwd",
        "spotify:track:4cOdK2wGLETKBW3PvgPWqTü"
      })
  void refusesAnythingElseWithHelp(String value) {
    assertThatThrownBy(() -> TrackUri.parse(value))
        .isInstanceOf(BusError.class)
        .hasMessageContaining("spotify:track:")
        .satisfies(e -> assertThat(((BusError) e).status()).isEqualTo(400));
  }

  @Test
  void refusesNonStrings() {
    assertThatThrownBy(() -> TrackUri.parse(42)).isInstanceOf(BusError.class);
    assertThatThrownBy(() -> TrackUri.parse(null)).hasMessageContaining("required");
  }
}
