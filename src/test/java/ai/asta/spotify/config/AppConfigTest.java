package ai.asta.spotify.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  @Test
  void defaultsMatchTheDesign() {
    AppConfig c = AppConfig.from(new JsonObject());
    assertThat(c.httpHost()).isEqualTo("127.0.0.1");
    assertThat(c.httpPort()).isEqualTo(8010);
    assertThat(c.redirectUri()).isEqualTo("http://127.0.0.1:8010/api/spotify/callback");
    assertThat(c.settingsPageUrl()).isEqualTo("http://127.0.0.1:8010/settings");
    assertThat(c.redisUrl()).isEmpty();
    assertThat(c.spotifyAccountsUrl()).isEqualTo("https://accounts.spotify.com");
    assertThat(c.spotifyApiUrl()).isEqualTo("https://api.spotify.com/v1");
    assertThat(c.sandbox()).isFalse();
  }

  @Test
  void readsStringValuesAsTheEnvironmentGivesThem() {
    AppConfig c =
        AppConfig.from(
            new JsonObject()
                .put("ASTA_HTTP_PORT", "9000")
                .put("ASTA_SPOTIFY_SANDBOX", "true")
                .put("ASTA_FRONTEND_URL", "https://asta.example/")
                .put("ASTA_API_TOKENS", "t1=alice, t2=*")
                .put("ASTA_REDIS_URL", ""));
    assertThat(c.httpPort()).isEqualTo(9000);
    assertThat(c.sandbox()).isTrue();
    assertThat(c.settingsPageUrl()).isEqualTo("https://asta.example/settings");
    assertThat(c.apiTokens()).containsEntry("t1", "alice").containsEntry("t2", "*");
    assertThat(c.redisUrl()).isEmpty();
  }

  @Test
  void badValuesNameTheKey() {
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("ASTA_HTTP_PORT", "eighty")))
        .hasMessageContaining("ASTA_HTTP_PORT");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("ASTA_CLUSTER", "maybe")))
        .hasMessageContaining("ASTA_CLUSTER");
    assertThatThrownBy(() -> AppConfig.from(new JsonObject().put("ASTA_API_TOKENS", "lonely")))
        .hasMessageContaining("token=user");
    assertThatThrownBy(
            () -> AppConfig.from(new JsonObject().put("ASTA_STORE_CACHE_ENTRIES", -1)).validate())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ASTA_STORE_CACHE_ENTRIES");
  }

  @Test
  void refusesAnOpenApiOnANonLoopbackAddress() {
    AppConfig open = AppConfig.from(new JsonObject().put("ASTA_HTTP_HOST", "0.0.0.0"));
    assertThatThrownBy(open::validate)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ASTA_API_TOKEN")
        .hasMessageContaining("127.0.0.1");

    AppConfig guarded =
        AppConfig.from(
            new JsonObject().put("ASTA_HTTP_HOST", "0.0.0.0").put("ASTA_API_TOKEN", "secret"));
    guarded.validate();
    AppConfig.from(new JsonObject().put("ASTA_HTTP_HOST", "::1")).validate();
  }

  @Test
  void toStringCarriesNoSecret() {
    AppConfig c =
        AppConfig.from(
            new JsonObject()
                .put("ASTA_API_TOKEN", "api-token-value")
                .put("SPOTIFY_CLIENT_SECRET", "client-secret-value")
                .put("ASTA_ENCRYPTION_KEY", "key-value"));
    assertThat(c.toString()).doesNotContain("api-token-value", "client-secret-value", "key-value");
  }

  @Test
  void everyKeyIsInTheConfigFileAndDocumentedThere() throws Exception {
    JsonObject file = new JsonObject(Files.readString(Path.of("conf/config.json")));
    JsonObject doc = file.getJsonObject("_doc");
    for (String key : AppConfig.KEYS) {
      assertThat(file.containsKey(key)).as("conf/config.json has %s", key).isTrue();
      assertThat(doc.getString(key)).as("conf/config.json documents %s", key).isNotBlank();
    }
    assertThat(file.fieldNames().stream().filter(k -> !k.startsWith("_")))
        .containsExactlyInAnyOrderElementsOf(AppConfig.KEYS);
    // The shipped file starts a working service as it is.
    AppConfig.from(file).validate();
  }
}
