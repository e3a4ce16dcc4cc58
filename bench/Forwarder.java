import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.VerticleBase;

/**
 * The floor under any service of this shape: a bare Vert.x pass-through with nothing of the
 * service in it (no API token, no contract validation, no JSON, no store, no log line). It sends
 * each request's method, path, Authorization, Content-Type and body to the upstream and returns
 * the upstream's status and body. Measured beside the direct call and the service, it shows how
 * much of the upstream's rate any forwarder keeps on the same machine, and so how much of the gap
 * is the service's own work.
 *
 * <p>Mode {@code http} forwards from the HTTP server's event loop; mode {@code bus} hands each
 * request over the local event bus to a second verticle that makes the call, as the service does.
 * Same threads as the service: one event loop per core, every verticle once per core, a pool of 64
 * connections per event loop.
 *
 * <p>Run from the project root with the service's jar on the class path (a single-file program):
 * {@code java -cp target/asta-spotify.jar bench/Forwarder.java <port> <upstream port> <http|bus>}
 */
public class Forwarder {
  static final String ADDRESS = "bench.forward";

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int upstream = Integer.parseInt(args[1]);
    boolean viaBus = args.length > 2 && args[2].equals("bus");
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(cores));
    DeploymentOptions perCore = new DeploymentOptions().setInstances(cores);
    Future<?> caller =
        viaBus
            ? vertx.deployVerticle(() -> new BusCaller(upstream), perCore)
            : Future.succeededFuture();
    caller
        .compose(v -> vertx.deployVerticle(() -> new Front(port, upstream, viaBus), perCore))
        .onSuccess(v -> System.out.println("forwarder ready on " + port + (viaBus ? " (bus)" : "")))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  /** What the upstream answered. */
  record Answer(int status, String contentType, Buffer body) {}

  static HttpClient client(Vertx vertx) {
    return vertx.createHttpClient(
        new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
  }

  static Future<Answer> call(
      HttpClient client, int upstream, String method, String uri, MultiMap headers, Buffer body) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.valueOf(method))
            .setHost("127.0.0.1")
            .setPort(upstream)
            .setURI(uri);
    for (String name : new String[] {"Authorization", "Content-Type"}) {
      String value = headers.get(name);
      if (value != null) {
        options.putHeader(name, value);
      }
    }
    return client
        .request(options)
        .compose(req -> body.length() == 0 ? req.send() : req.send(body))
        .compose(
            resp ->
                resp.body()
                    .map(
                        b ->
                            new Answer(
                                resp.statusCode(), resp.getHeader("Content-Type"), b)));
  }

  /** The HTTP side: forwards itself, or asks a {@link BusCaller} over the bus. */
  static final class Front extends VerticleBase {
    private final int port;
    private final int upstream;
    private final boolean viaBus;
    private HttpClient client;

    Front(int port, int upstream, boolean viaBus) {
      this.port = port;
      this.upstream = upstream;
      this.viaBus = viaBus;
    }

    @Override
    public Future<?> start() {
      client = client(vertx);
      return vertx.createHttpServer().requestHandler(this::handle).listen(port);
    }

    private void handle(HttpServerRequest request) {
      request
          .body()
          .compose(body -> viaBus ? overBus(request, body) : forward(request, body))
          .onSuccess(
              a -> {
                if (a.contentType() != null) {
                  request.response().putHeader("Content-Type", a.contentType());
                }
                request.response().setStatusCode(a.status()).end(a.body());
              })
          .onFailure(e -> request.response().setStatusCode(502).end());
    }

    private Future<Answer> forward(HttpServerRequest request, Buffer body) {
      return call(client, upstream, request.method().name(), request.uri(), request.headers(), body);
    }

    private Future<Answer> overBus(HttpServerRequest request, Buffer body) {
      JsonObject message =
          new JsonObject()
              .put("method", request.method().name())
              .put("uri", request.uri())
              .put("authorization", request.getHeader("Authorization"))
              .put("content_type", request.getHeader("Content-Type"))
              .put("body", body.toString());
      return vertx
          .eventBus()
          .<JsonObject>request(ADDRESS, message, new DeliveryOptions().setLocalOnly(true))
          .map(
              reply -> {
                JsonObject r = reply.body();
                return new Answer(
                    r.getInteger("status"),
                    r.getString("content_type"),
                    Buffer.buffer(r.getString("body")));
              });
    }
  }

  /** The bus side: one call to the upstream per message, the answer as the reply. */
  static final class BusCaller extends VerticleBase {
    private final int upstream;

    BusCaller(int upstream) {
      this.upstream = upstream;
    }

    @Override
    public Future<?> start() {
      HttpClient client = client(vertx);
      return vertx
          .eventBus()
          .<JsonObject>localConsumer(ADDRESS)
          .handler(
              msg -> {
                JsonObject m = msg.body();
                MultiMap headers = MultiMap.caseInsensitiveMultiMap();
                if (m.getString("authorization") != null) {
                  headers.add("Authorization", m.getString("authorization"));
                }
                if (m.getString("content_type") != null) {
                  headers.add("Content-Type", m.getString("content_type"));
                }
                call(client, upstream, m.getString("method"), m.getString("uri"), headers,
                        Buffer.buffer(m.getString("body")))
                    .onSuccess(
                        a ->
                            msg.reply(
                                new JsonObject()
                                    .put("status", a.status())
                                    .put("content_type", a.contentType())
                                    .put("body", a.body().toString())))
                    .onFailure(e -> msg.fail(502, "upstream failed"));
              })
          .completion();
    }
  }
}
