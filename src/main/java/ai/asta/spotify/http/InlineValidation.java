package ai.asta.spotify.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.Map;

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
      super(vertx, contract);
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
}
