package ai.asta.spotify.config;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's typed configuration. Built from the merged JSON of {@code conf/config.json} and the
 * environment (see {@link ConfigLoader}); every key is documented in that file. Values coming from
 * the environment are strings, so each accessor converts leniently and fails with the key's name.
 *
 * @param source the merged JSON it was read from, so that a changed copy is read the same way
 */
public record AppConfig(
    String httpHost,
    int httpPort,
    String baseUrl,
    String frontendUrl,
    Optional<String> redisUrl,
    String redisType,
    String redisMasterName,
    Path dataDir,
    Optional<String> encryptionKey,
    Optional<String> encryptionKeyPrevious,
    Optional<String> apiToken,
    Map<String, String> apiTokens,
    Optional<String> spotifyClientId,
    Optional<String> spotifyClientSecret,
    String spotifyAccountsUrl,
    String spotifyApiUrl,
    boolean sandbox,
    int sandboxPort,
    boolean cluster,
    List<String> clusterMembers,
    String clusterHost,
    int clusterPort,
    String clusterPublicHost,
    int eventBusPort,
    int refreshMarginSeconds,
    int stateTtlSeconds,
    int spotifyTimeoutMs,
    int spotifyRetryBudgetMs,
    int storeTimeoutMs,
    int storeCacheEntries,
    int shutdownGraceMs,
    JsonObject source) {

  /** Every configuration key, in the order of {@code conf/config.json}. */
  public static final List<String> KEYS =
      List.of(
          "ASTA_HTTP_HOST",
          "ASTA_HTTP_PORT",
          "ASTA_BASE_URL",
          "ASTA_FRONTEND_URL",
          "ASTA_REDIS_URL",
          "ASTA_REDIS_TYPE",
          "ASTA_REDIS_MASTER_NAME",
          "ASTA_DATA_DIR",
          "ASTA_ENCRYPTION_KEY",
          "ASTA_ENCRYPTION_KEY_PREVIOUS",
          "ASTA_API_TOKEN",
          "ASTA_API_TOKENS",
          "SPOTIFY_CLIENT_ID",
          "SPOTIFY_CLIENT_SECRET",
          "SPOTIFY_ACCOUNTS_URL",
          "SPOTIFY_API_URL",
          "ASTA_SPOTIFY_SANDBOX",
          "ASTA_SANDBOX_PORT",
          "ASTA_CLUSTER",
          "ASTA_CLUSTER_MEMBERS",
          "ASTA_CLUSTER_HOST",
          "ASTA_CLUSTER_PORT",
          "ASTA_CLUSTER_PUBLIC_HOST",
          "ASTA_EVENTBUS_PORT",
          "ASTA_REFRESH_MARGIN_SECONDS",
          "ASTA_STATE_TTL_SECONDS",
          "ASTA_SPOTIFY_TIMEOUT_MS",
          "ASTA_SPOTIFY_RETRY_BUDGET_MS",
          "ASTA_STORE_TIMEOUT_MS",
          "ASTA_STORE_CACHE_ENTRIES",
          "ASTA_SHUTDOWN_GRACE_MS");

  public static AppConfig from(JsonObject json) {
    Reader r = new Reader(json);
    return new AppConfig(
        r.string("ASTA_HTTP_HOST", "127.0.0.1"),
        r.integer("ASTA_HTTP_PORT", 8010),
        stripSlash(r.string("ASTA_BASE_URL", "http://127.0.0.1:8010")),
        stripSlash(r.string("ASTA_FRONTEND_URL", "")),
        r.optional("ASTA_REDIS_URL"),
        r.string("ASTA_REDIS_TYPE", "standalone").toLowerCase(),
        r.string("ASTA_REDIS_MASTER_NAME", "mymaster"),
        Path.of(r.string("ASTA_DATA_DIR", "./data")),
        r.optional("ASTA_ENCRYPTION_KEY"),
        r.optional("ASTA_ENCRYPTION_KEY_PREVIOUS"),
        r.optional("ASTA_API_TOKEN"),
        parseTokens(r.string("ASTA_API_TOKENS", "")),
        r.optional("SPOTIFY_CLIENT_ID"),
        r.optional("SPOTIFY_CLIENT_SECRET"),
        stripSlash(r.string("SPOTIFY_ACCOUNTS_URL", "https://accounts.spotify.com")),
        stripSlash(r.string("SPOTIFY_API_URL", "https://api.spotify.com/v1")),
        r.bool("ASTA_SPOTIFY_SANDBOX", false),
        r.integer("ASTA_SANDBOX_PORT", 8011),
        r.bool("ASTA_CLUSTER", false),
        splitList(r.string("ASTA_CLUSTER_MEMBERS", "")),
        r.string("ASTA_CLUSTER_HOST", "127.0.0.1"),
        r.integer("ASTA_CLUSTER_PORT", 5701),
        r.string("ASTA_CLUSTER_PUBLIC_HOST", ""),
        r.integer("ASTA_EVENTBUS_PORT", 0),
        r.integer("ASTA_REFRESH_MARGIN_SECONDS", 60),
        r.integer("ASTA_STATE_TTL_SECONDS", 600),
        r.integer("ASTA_SPOTIFY_TIMEOUT_MS", 5000),
        r.integer("ASTA_SPOTIFY_RETRY_BUDGET_MS", 8000),
        r.integer("ASTA_STORE_TIMEOUT_MS", 2000),
        r.integer("ASTA_STORE_CACHE_ENTRIES", 10000),
        r.integer("ASTA_SHUTDOWN_GRACE_MS", 10000),
        json.copy());
  }

  /** The OAuth redirect URI Spotify must have registered for this service. */
  public String redirectUri() {
    return baseUrl + "/api/spotify/callback";
  }

  /** Where the OAuth callback sends the browser: the frontend's settings page. */
  public String settingsPageUrl() {
    return (frontendUrl.isEmpty() ? baseUrl : frontendUrl) + "/settings";
  }

  public boolean hasApiTokens() {
    return apiToken.isPresent() || !apiTokens.isEmpty();
  }

  /** Whether the API listens only on a loopback address, where the open mode is allowed. */
  public boolean listensOnLoopback() {
    try {
      return InetAddress.getByName(httpHost).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * Checks the combinations that must refuse start-up, each with a message naming the fix.
   *
   * @throws ConfigException when the configuration is unsafe or inconsistent
   */
  public void validate() {
    if (!hasApiTokens() && !listensOnLoopback()) {
      throw new ConfigException(
          "Refusing to listen on "
              + httpHost
              + " with no API token: anyone who reaches it could control Spotify accounts. "
              + "Set ASTA_API_TOKEN (or ASTA_API_TOKENS), or set ASTA_HTTP_HOST=127.0.0.1.");
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new ConfigException("ASTA_HTTP_PORT must be between 0 and 65535, got " + httpPort);
    }
    checkUrl("ASTA_BASE_URL", baseUrl);
    checkUrl("SPOTIFY_ACCOUNTS_URL", spotifyAccountsUrl);
    checkUrl("SPOTIFY_API_URL", spotifyApiUrl);
    if (!frontendUrl.isEmpty()) {
      checkUrl("ASTA_FRONTEND_URL", frontendUrl);
    }
    if (storeCacheEntries < 0) {
      throw new ConfigException(
          "ASTA_STORE_CACHE_ENTRIES must be 0 (no cache) or more, got " + storeCacheEntries);
    }
    if (!List.of("standalone", "sentinel", "cluster").contains(redisType)) {
      throw new ConfigException(
          "ASTA_REDIS_TYPE must be standalone, sentinel or cluster, got '" + redisType + "'");
    }
  }

  /** A copy with other Spotify endpoints; sandbox mode points the service at its simulator. */
  public AppConfig withSpotifyEndpoints(String accountsUrl, String apiUrl) {
    return from(
        source.copy().put("SPOTIFY_ACCOUNTS_URL", accountsUrl).put("SPOTIFY_API_URL", apiUrl));
  }

  /** A copy with another Spotify app; sandbox mode registers its own app. */
  public AppConfig withSpotifyApp(String clientId, String clientSecret) {
    return from(
        source
            .copy()
            .put("SPOTIFY_CLIENT_ID", clientId)
            .put("SPOTIFY_CLIENT_SECRET", clientSecret));
  }

  /** Secrets are never printed, not even by accident through a record's toString. */
  @Override
  public String toString() {
    return "AppConfig[http="
        + httpHost
        + ":"
        + httpPort
        + ", baseUrl="
        + baseUrl
        + ", store="
        + (redisUrl.isPresent() ? "redis" : "embedded")
        + ", sandbox="
        + sandbox
        + ", cluster="
        + cluster
        + "]";
  }

  private static void checkUrl(String key, String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " must be an absolute http(s) URL, got '" + value + "'");
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static List<String> splitList(String value) {
    return value.isBlank()
        ? List.of()
        : List.of(value.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Map<String, String> parseTokens(String value) {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (String pair : splitList(value)) {
      int eq = pair.lastIndexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new ConfigException(
            "ASTA_API_TOKENS must be comma-separated token=user pairs; one entry has no '=user'");
      }
      tokens.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return Map.copyOf(tokens);
  }

  /** Reads typed values from JSON whose values may be strings (environment) or typed (file). */
  private record Reader(JsonObject json) {
    String string(String key, String fallback) {
      Object v = json.getValue(key);
      return v == null ? fallback : String.valueOf(v).trim();
    }

    Optional<String> optional(String key) {
      String v = string(key, "");
      return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    int integer(String key, int fallback) {
      String v = string(key, "");
      if (v.isEmpty()) {
        return fallback;
      }
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new ConfigException(key + " must be a whole number, got '" + v + "'");
      }
    }

    boolean bool(String key, boolean fallback) {
      String v = string(key, "").toLowerCase();
      return switch (v) {
        case "" -> fallback;
        case "true", "1", "yes" -> true;
        case "false", "0", "no" -> false;
        default -> throw new ConfigException(key + " must be true or false, got '" + v + "'");
      };
    }
  }
}
