package ai.asta.spotify.support;

import ai.asta.spotify.sandbox.Exchange;
import ai.asta.spotify.sandbox.SpotifySimulator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.ValidatableRequestImpl;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Checks what crosses the wire to the simulator's Web API against Spotify's OpenAPI description
 * ({@code src/test/resources/spotify/fixed-spotify-open-api.yml}): every request the service sends
 * (method, path, query, body) and every response the simulator produces. Where the description has
 * a known gap (SPOTIFY-FACTS.md: player errors with reason, 202/404 on play, 204 on
 * currently-playing), the response must still have Spotify's recorded shape.
 */
public final class SpotifyContract {
  private static final String SPEC = "/spotify/fixed-spotify-open-api.yml";
  private static OpenAPIContract contract;

  private final Vertx vertx;
  private final List<Future<Void>> checks = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();

  private SpotifyContract(Vertx vertx) {
    this.vertx = vertx;
  }

  /** A checker not attached to any simulator. */
  public static SpotifyContract standalone(Vertx vertx) {
    load(vertx);
    return new SpotifyContract(vertx);
  }

  /** Starts checking every exchange of {@code sim}. */
  public static SpotifyContract watch(Vertx vertx, SpotifySimulator sim) {
    SpotifyContract watch = new SpotifyContract(vertx);
    load(vertx);
    sim.state().onExchange(watch::check);
    return watch;
  }

  static synchronized OpenAPIContract load(Vertx vertx) {
    if (contract == null) {
      try (InputStream in = SpotifyContract.class.getResourceAsStream(SPEC)) {
        // Plain YAML scalars only: an example date must stay a string, and numeric keys (status
        // codes) become strings through the JSON round trip.
        Yaml parser =
            new Yaml(
                new SafeConstructor(new LoaderOptions()),
                new Representer(new DumperOptions()),
                new DumperOptions(),
                new NoTimestamps());
        Object yaml = parser.load(in);
        JsonObject spec = new JsonObject(Json.encode(yaml));
        dropUnsupportedOperations(spec);
        honourNullable(spec);
        contract = OpenAPIContract.from(vertx, spec).await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("Cannot load " + SPEC + ": " + e.getMessage(), e);
      }
    }
    return contract;
  }

  /**
   * vertx-openapi refuses a whole document with an operation whose request body is not JSON, text
   * or multipart (Spotify's playlist-cover upload takes image/jpeg). The service calls none of
   * those, so they are left out rather than the document.
   */
  private static void dropUnsupportedOperations(JsonObject spec) {
    JsonObject paths = spec.getJsonObject("paths");
    for (String path : List.copyOf(paths.fieldNames())) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.copyOf(item.fieldNames())) {
        Object op = item.getValue(method);
        if (op instanceof JsonObject operation && operation.containsKey("requestBody")) {
          JsonObject content =
              operation.getJsonObject("requestBody").getJsonObject("content", new JsonObject());
          if (!content.fieldNames().stream()
              .allMatch(t -> t.startsWith("application/json") || t.startsWith("text/plain"))) {
            item.remove(method);
          }
        }
      }
    }
  }

  /** Fails with every violation seen; also fails if nothing at all was checked. */
  public int assertClean() {
    List<Future<Void>> all;
    synchronized (this) {
      all = List.copyOf(checks);
    }
    try {
      Future.join(all).await(30, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // Failures are collected below.
    }
    synchronized (this) {
      if (!violations.isEmpty()) {
        throw new AssertionError(
            violations.size() + " contract violations:\n" + String.join("\n", violations));
      }
    }
    if (all.isEmpty()) {
      throw new AssertionError("No Web API exchange was checked");
    }
    return all.size();
  }

  private void check(Exchange ex) {
    Future<Void> f =
        validate(ex)
            .recover(
                e -> {
                  synchronized (this) {
                    violations.add(
                        ex.method()
                            + " "
                            + ex.path()
                            + " "
                            + ex.query()
                            + " -> "
                            + ex.status()
                            + ": "
                            + e.getMessage()
                            + " | response "
                            + ex.responseBody());
                  }
                  return Future.succeededFuture();
                });
    synchronized (this) {
      checks.add(f);
    }
  }

  /** Validates one exchange: fails with what is wrong. */
  public Future<Void> validate(Exchange ex) {
    Operation found = contract.findOperation(ex.path(), HttpMethod.valueOf(ex.method()));
    Operation op =
        found != null
            ? found
            : contract.findOperation(
                ex.path().substring("/v1".length()), HttpMethod.valueOf(ex.method()));
    if (op == null) {
      return Future.failedFuture("no such operation in Spotify's API");
    }
    String id = op.getOperationId();
    return validateRequest(ex, id)
        .recover(
            e ->
                // A request the description rejects must be rejected by the simulator too.
                ex.status() == 400
                    ? Future.succeededFuture()
                    : Future.failedFuture("request: " + e.getMessage()))
        .compose(v -> validateResponse(ex, op));
  }

  private Future<Void> validateRequest(Exchange ex, String operationId) {
    Map<String, RequestParameter> query = new HashMap<>();
    ex.query().forEach((k, v) -> query.put(k, new RequestParameterImpl(v)));
    boolean hasBody = ex.requestBody() != null && ex.requestBody().length() > 0;
    ValidatableRequestImpl request =
        new ValidatableRequestImpl(
            Map.of(),
            Map.of(),
            Map.of(),
            query,
            new RequestParameterImpl(hasBody ? ex.requestBody() : null),
            hasBody ? ex.requestContentType() : null);
    return RequestValidator.create(vertx, contract).validate(request, operationId).mapEmpty();
  }

  private Future<Void> validateResponse(Exchange ex, Operation op) {
    if (op.getResponse(ex.status()) == null) {
      return knownGap(ex, op);
    }
    ValidatableResponse response =
        ex.responseBody().length() == 0
            ? ValidatableResponse.create(ex.status())
            : ValidatableResponse.create(
                ex.status(), Map.of(), ex.responseBody(), "application/json");
    return ResponseValidator.create(vertx, contract)
        .validate(response, op.getOperationId())
        .mapEmpty();
  }

  /** Statuses Spotify answers that its description leaves out (SPOTIFY-FACTS.md). */
  private static Future<Void> knownGap(Exchange ex, Operation op) {
    int status = ex.status();
    boolean player = op.getOpenAPIPath().contains("/me/player");
    if (status == 202 && player && ex.responseBody().length() == 0) {
      return Future.succeededFuture();
    }
    if (status == 204
        && op.getOpenAPIPath().endsWith("/currently-playing")
        && ex.responseBody().length() == 0) {
      return Future.succeededFuture();
    }
    if (status >= 400) {
      JsonObject error = new JsonObject(ex.responseBody()).getJsonObject("error");
      if (error != null
          && error.getInteger("status") == status
          && error.getString("message") != null) {
        return Future.succeededFuture();
      }
      return Future.failedFuture(
          "error body is not Spotify's {\"error\": {\"status\", \"message\"}}");
    }
    return Future.failedFuture("status " + status + " is not one Spotify answers here");
  }

  /**
   * The description marks fields such as a paging object's {@code next} as {@code nullable: true};
   * the validator ignores that keyword, so such a schema becomes {@code anyOf: [schema, null]}.
   */
  private static void honourNullable(Object node) {
    if (node instanceof JsonObject object) {
      object.forEach(e -> honourNullable(e.getValue()));
      if (Boolean.TRUE.equals(object.getValue("nullable")) && object.containsKey("type")) {
        JsonObject typed = object.copy();
        typed.remove("nullable");
        object.clear();
        object.put(
            "anyOf",
            new io.vertx.core.json.JsonArray()
                .add(typed)
                .add(new JsonObject().put("enum", new io.vertx.core.json.JsonArray().addNull())));
      }
    } else if (node instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(SpotifyContract::honourNullable);
    }
  }

  /** YAML's implicit types without timestamps. */
  private static final class NoTimestamps extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
      addImplicitResolver(Tag.INT, INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, MERGE, "<");
      addImplicitResolver(Tag.NULL, NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, EMPTY, null);
    }
  }
}
