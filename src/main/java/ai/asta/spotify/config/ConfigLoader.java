package ai.asta.spotify.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Loads the configuration: {@code conf/config.json} (path overridable by {@code ASTA_CONFIG}), then
 * the environment variables of the same names, which win.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Future<AppConfig> load(Vertx vertx) {
    String path = System.getenv().getOrDefault("ASTA_CONFIG", "conf/config.json");
    ConfigStoreOptions file =
        new ConfigStoreOptions()
            .setType("file")
            .setFormat("json")
            .setOptional(true)
            .setConfig(new JsonObject().put("path", path));
    ConfigStoreOptions env =
        new ConfigStoreOptions()
            .setType("env")
            .setConfig(
                new JsonObject().put("raw-data", true).put("keys", new JsonArray(AppConfig.KEYS)));
    ConfigRetriever retriever =
        ConfigRetriever.create(
            vertx, new ConfigRetrieverOptions().setScanPeriod(0).addStore(file).addStore(env));
    return retriever
        .getConfig()
        .map(AppConfig::from)
        .eventually(
            () -> {
              retriever.close();
              return Future.succeededFuture();
            });
  }
}
