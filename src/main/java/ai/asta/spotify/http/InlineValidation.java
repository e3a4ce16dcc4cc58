package ai.asta.spotify.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Validates every request against the contract on the event loop, in place of the router builder's
 * own validation step, which sends each request to a worker thread ({@code executeBlocking},
 * ordered per event loop) and back. Bodies here are capped at {@link ApiRoutes#MAX_BODY_BYTES} and
 * the schemas are small, so the hand-off cost more than the validation itself: the worker pool
 * showed as the largest contention in profiles (docs/ PERFORMANCE.md). Same checks, same failures:
 * a violation fails the route with a 400 {@link HttpException} wrapping the {@link
 * ValidatorException}, as the builder does.
 */
final class InlineValidation {
  private final Validator validator;
  private final RequestExtractor extractor = RequestExtractor.withBodyHandler();

  private InlineValidation(Vertx vertx, OpenAPIContract contract) {
    this.validator = new Validator(vertx, contract);
  }

  /** Must run before any other handler is added to the builder's routes. */
  static void install(Vertx vertx, RouterBuilder builder, OpenAPIContract contract) {
    InlineValidation validation = new InlineValidation(vertx, contract);
    for (Operation operation : contract.operations()) {
      builder
          .getRoute(operation.getOperationId())
          .setDoValidation(false)
          .addHandler(validation.handler(operation));
    }
  }

  private Handler<RoutingContext> handler(Operation operation) {
    return ctx ->
        extractor
            .extractValidatableRequest(ctx, operation)
            .compose(request -> validator.validate(request, operation))
            .onSuccess(
                validated -> {
                  ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
                  ctx.next();
                })
            .onFailure(
                e ->
                    ctx.fail(
                        e instanceof ValidatorException
                            ? new HttpException(400, e.getMessage(), e)
                            : e));
  }

  /** The library's validator, its parameter and body checks called directly, not on a worker. */
  private static final class Validator extends RequestValidatorImpl {
    Validator(Vertx vertx, OpenAPIContract contract) {
      super(vertx, withValidatorsKept(contract));
    }

    /**
     * The library asks the schema repository for a new validator on every check, and each one
     * copies the whole repository's lookup table: a third of a play request's CPU in profiles. A
     * contract's schemas never change, and a validator is immutable once built, so each schema's
     * validator is built once and kept (by schema identity). The rest passes through.
     */
    private static OpenAPIContract withValidatorsKept(OpenAPIContract contract) {
      SchemaRepository repository = contract.getSchemaRepository();
      Map<Object, io.vertx.json.schema.Validator> kept = new ConcurrentHashMap<>();
      SchemaRepository keeping =
          proxy(
              SchemaRepository.class,
              repository,
              (method, args) ->
                  method.getName().equals("validator")
                          && args.length == 1
                          && args[0] instanceof JsonSchema schema
                      ? kept.computeIfAbsent(
                          new Identity(schema), k -> repository.validator(schema))
                      : null);
      return proxy(
          OpenAPIContract.class,
          contract,
          (method, args) -> method.getName().equals("getSchemaRepository") ? keeping : null);
    }

    Future<ValidatedRequest> validate(ValidatableRequest request, Operation operation) {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      try {
        for (Parameter p : operation.getParameters()) {
          Map<String, RequestParameter> in =
              switch (p.getIn()) {
                case COOKIE -> cookies;
                case HEADER -> headers;
                case PATH -> path;
                case QUERY -> query;
              };
          Map<String, RequestParameter> given =
              switch (p.getIn()) {
                case COOKIE -> request.getCookies();
                case HEADER -> request.getHeaders();
                case PATH -> request.getPathParameters();
                case QUERY -> request.getQuery();
              };
          in.put(p.getName(), validateParameter(p, given.get(p.getName())));
        }
        RequestParameter body = validateBody(operation.getRequestBody(), request);
        return Future.succeededFuture(
            new ValidatedRequestImpl(cookies, headers, path, query, body));
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
  }

  /** A key equal only to itself: schemas are compared by identity, not by their content. */
  private record Identity(Object of) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity i && i.of == of;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(of);
    }
  }

  /** A {@code type} that answers through {@code override} where it gives non-null, else target. */
  @SuppressWarnings("unchecked")
  private static <T> T proxy(
      Class<T> type, T target, BiFunction<Method, Object[], Object> override) {
    return (T)
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              Object[] given = args == null ? new Object[0] : args;
              Object answer = override.apply(method, given);
              if (answer != null) {
                return answer;
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
