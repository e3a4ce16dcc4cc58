package ai.asta.spotify.http;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, health checks and the settings page. It routes onto the event bus; it does no
 * Spotify or store work itself, except the readiness probe.
 */
public final class HttpVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final AppConfig config;
  private final Supplier<Future<Void>> readiness;
  private final String storeKind;
  private final Metrics metrics;
  private HttpServer server;

  /** The REST contract, on the classpath; also served at /openapi.yaml. */
  static final String CONTRACT = "openapi.yaml";

  /** Swagger UI's assets, from its webjar: /docs works offline. */
  private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.32.8";

  /**
   * @param readiness succeeds while the store answers; {@code /ready} reports it
   */
  public HttpVerticle(
      AppConfig config, Supplier<Future<Void>> readiness, String storeKind, Metrics metrics) {
    this.metrics = metrics;
    this.config = config;
    this.readiness = readiness;
    this.storeKind = storeKind;
  }

  @Override
  public Future<?> start() {
    return OpenAPIContract.from(vertx, CONTRACT)
        .compose(
            contract ->
                vertx
                    .createHttpServer(
                        new HttpServerOptions()
                            .setMaxHeaderSize(32 * 1024)
                            .setMaxInitialLineLength(8 * 1024))
                    .requestHandler(new AccessLog(router(contract), metrics, routeLabels(contract)))
                    .listen(config.httpPort(), config.httpHost()))
        .onSuccess(
            s -> {
              server = s;
              // One line per verticle instance; Main says once that the service is ready.
              LOG.debug(
                  "Listening on http://{}:{} (store: {}, base URL {})",
                  config.httpHost(),
                  s.actualPort(),
                  storeKind,
                  config.baseUrl());
            });
  }

  /**
   * The API's routes come from the contract, and every request is validated against it ({@link
   * InlineValidation}) before its handlers run.
   */
  private Router router(OpenAPIContract contract) {
    RouterBuilder builder =
        RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.rootHandler(BodyHandler.create(false).setBodyLimit(ApiRoutes.MAX_BODY_BYTES));
    InlineValidation.install(vertx, builder, contract);
    new ApiRoutes(vertx.eventBus(), config).mount(builder);
    builder
        .getRoute("health")
        .setDoSecurity(false)
        .addHandler(ctx -> Replies.json(ctx, 200, new JsonObject().put("status", "up")));
    builder.getRoute("ready").setDoSecurity(false).addHandler(this::ready);
    builder
        .getRoute("metrics")
        .setDoSecurity(false)
        .addHandler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
    builder
        .getRoute("contract")
        .setDoSecurity(false)
        .addHandler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; charset=utf-8")
                    .sendFile(CONTRACT));
    Router router = builder.createRouter();
    router
        .get("/docs")
        .handler(
            ctx -> {
              if (ctx.request().path().equals("/docs")) {
                Replies.redirect(ctx, "/docs/");
              } else {
                ctx.next();
              }
            });
    router.route("/docs/assets/*").handler(StaticHandler.create(SWAGGER_UI));
    router.route("/docs/*").handler(StaticHandler.create("webroot/docs").setCachingEnabled(false));
    router.get("/settings").handler(ctx -> ctx.reroute("/settings/index.html"));
    router
        .route("/settings/*")
        .handler(StaticHandler.create("webroot/settings").setCachingEnabled(false));
    errorHandlers(router);
    return router;
  }

  /** A closed set of route labels: the contract's paths, the fixed pages, else "other". */
  private static Function<String, String> routeLabels(OpenAPIContract contract) {
    Set<String> known = new HashSet<>(Set.of("/metrics", "/openapi.yaml", "/docs", "/settings"));
    contract.getPaths().forEach(p -> known.add(p.getName()));
    return path -> {
      if (known.contains(path)) {
        return path;
      }
      if (path.startsWith("/docs/")) {
        return "/docs";
      }
      return path.startsWith("/settings/") ? "/settings" : "other";
    };
  }

  private static void errorHandlers(Router router) {
    router.errorHandler(
        404,
        ctx ->
            Replies.error(
                ctx,
                new BusError(
                    404,
                    "No such route: "
                        + ctx.request().method()
                        + " "
                        + ctx.request().path()
                        + ". The API is described at /openapi.yaml and /docs.")));
    router.errorHandler(
        405,
        ctx ->
            Replies.error(
                ctx,
                new BusError(
                    405,
                    "Method "
                        + ctx.request().method()
                        + " is not allowed on "
                        + ctx.request().path()
                        + ".")));
    router.errorHandler(
        413,
        ctx ->
            Replies.error(
                ctx,
                new BusError(
                    413,
                    "The request body is larger than " + ApiRoutes.MAX_BODY_BYTES + " bytes.",
                    "too_large",
                    null)));
    router.errorHandler(
        400, ctx -> Replies.error(ctx, new BusError(400, "The request is malformed.")));
    router.errorHandler(
        500,
        ctx -> {
          LOG.error(
              "Unhandled failure on {} {}",
              ctx.request().method(),
              ctx.request().path(),
              ctx.failure());
          Replies.error(ctx, new BusError(500, "Internal error; it has been logged."));
        });
  }

  /** The port actually bound (useful when configured as 0). */
  public int port() {
    return server.actualPort();
  }

  /** Stops accepting, lets in-flight requests finish within the grace period, then closes. */
  @Override
  public Future<?> stop() {
    return server == null
        ? Future.succeededFuture()
        : server.shutdown(config.shutdownGraceMs(), TimeUnit.MILLISECONDS);
  }

  private void ready(io.vertx.ext.web.RoutingContext ctx) {
    readiness
        .get()
        .onSuccess(
            v ->
                Replies.json(
                    ctx, 200, new JsonObject().put("status", "ready").put("store", storeKind)))
        .onFailure(
            e ->
                Replies.json(
                    ctx,
                    503,
                    new JsonObject()
                        .put("status", "not_ready")
                        .put("store", storeKind)
                        .put(
                            "error",
                            "The "
                                + storeKind
                                + " store does not answer; requests needing it fail with 503 until it is back.")));
  }
}
