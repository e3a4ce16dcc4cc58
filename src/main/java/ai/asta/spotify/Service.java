package ai.asta.spotify;

import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.http.HttpVerticle;
import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.sandbox.Sandbox;
import ai.asta.spotify.spotify.SpotifyVerticle;
import ai.asta.spotify.store.CachedKeyValueStore;
import ai.asta.spotify.store.CredentialStore;
import ai.asta.spotify.store.EmbeddedKeyValueStore;
import ai.asta.spotify.store.EncryptionKeys;
import ai.asta.spotify.store.KeyValueStore;
import ai.asta.spotify.store.Keys;
import ai.asta.spotify.store.RedisInvalidations;
import ai.asta.spotify.store.RedisKeyValueStore;
import ai.asta.spotify.store.TokenCipher;
import ai.asta.spotify.token.TokenVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles one instance of the service on a Vert.x: the store, then the token, Spotify and HTTP
 * verticles (and, in sandbox mode, the Spotify simulator they point at). Used by {@link Main} and
 * by the integration tests, so both run exactly the same wiring.
 */
public final class Service {
  private static final Logger LOG = LoggerFactory.getLogger(Service.class);
  private static final int INSTANCES = Math.max(1, Runtime.getRuntime().availableProcessors());

  private final Vertx vertx;
  private final AppConfig config;
  private final CredentialStore store;
  private final HttpVerticle http;
  private final String httpDeploymentId;
  private final Optional<Sandbox> sandbox;

  private Service(
      Vertx vertx,
      AppConfig config,
      CredentialStore store,
      HttpVerticle http,
      String httpDeploymentId,
      Optional<Sandbox> sandbox) {
    this.vertx = vertx;
    this.config = config;
    this.store = store;
    this.http = http;
    this.httpDeploymentId = httpDeploymentId;
    this.sandbox = sandbox;
  }

  public static Future<Service> start(Vertx vertx, AppConfig requested) {
    requested.validate();
    TokenCipher cipher = EncryptionKeys.cipherFor(requested);
    Future<Optional<Sandbox>> sandbox =
        requested.sandbox()
            ? Sandbox.start(vertx, requested).map(Optional::of)
            : Future.succeededFuture(Optional.empty());
    return sandbox.compose(
        sb -> {
          AppConfig config = sb.map(s -> s.configure(requested)).orElse(requested);
          Metrics metrics = new Metrics();
          return openStore(vertx, config, metrics)
              .compose(
                  kv -> {
                    CredentialStore store = new CredentialStore(kv, cipher);
                    List<HttpVerticle> http = new CopyOnWriteArrayList<>();
                    // Every verticle runs once per core. Each token verticle has single-flight
                    // maps of its own on its event loop; across them, as across instances, the
                    // Redis lock makes a refresh happen once.
                    DeploymentOptions perCore = new DeploymentOptions().setInstances(INSTANCES);
                    AtomicBoolean first = new AtomicBoolean(true);
                    return vertx
                        .deployVerticle(
                            () -> new TokenVerticle(config, store, metrics, first.getAndSet(false)),
                            perCore)
                        .compose(
                            id ->
                                vertx.deployVerticle(
                                    () -> new SpotifyVerticle(config, store, metrics), perCore))
                        .compose(
                            id ->
                                vertx.deployVerticle(
                                    () -> {
                                      HttpVerticle v =
                                          new HttpVerticle(config, kv::ping, kv.kind(), metrics);
                                      http.add(v);
                                      return v;
                                    },
                                    perCore))
                        .map(id -> new Service(vertx, config, store, http.get(0), id, sb));
                  });
        });
  }

  private static Future<KeyValueStore> openStore(Vertx vertx, AppConfig config, Metrics metrics) {
    if (config.redisUrl().isPresent()) {
      RedisKeyValueStore redis =
          new RedisKeyValueStore(
              vertx,
              config.redisUrl().get(),
              config.redisType(),
              config.redisMasterName(),
              config.storeTimeoutMs(),
              metrics);
      // Redis may be down at start-up: the service still starts, /ready says 503 until it's back.
      redis
          .ping()
          .onFailure(
              e ->
                  LOG.warn(
                      "Redis does not answer yet; /ready is 503 until it does: {}",
                      e.getMessage()));
      LOG.info("Store: Redis (shared by every instance)");
      if (config.storeCacheEntries() == 0) {
        return Future.succeededFuture(redis);
      }
      RedisInvalidations invalidations = new RedisInvalidations(vertx, redis);
      CachedKeyValueStore cached =
          new CachedKeyValueStore(
              redis,
              invalidations,
              Keys::cacheable,
              config.storeCacheEntries(),
              metrics.registry());
      invalidations.start(cached);
      return Future.succeededFuture(cached);
    }
    LOG.info(
        "Store: embedded, persisted under {} (one instance only; set ASTA_REDIS_URL to share)",
        config.dataDir().toAbsolutePath());
    return EmbeddedKeyValueStore.open(vertx, config.dataDir()).map(s -> (KeyValueStore) s);
  }

  /**
   * Undeploys the HTTP verticle first: it stops accepting and waits for in-flight requests, whose
   * bus consumers are still deployed, so they finish instead of failing.
   */
  public Future<Void> stopAccepting() {
    return vertx.undeploy(httpDeploymentId);
  }

  public int port() {
    return http.port();
  }

  public String url() {
    return "http://" + config.httpHost() + ":" + port();
  }

  public AppConfig config() {
    return config;
  }

  public CredentialStore store() {
    return store;
  }

  public Optional<Sandbox> sandbox() {
    return sandbox;
  }

  public Vertx vertx() {
    return vertx;
  }
}
