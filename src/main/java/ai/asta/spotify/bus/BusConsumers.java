package ai.asta.spotify.bus;

import ai.asta.spotify.store.StoreUnavailableException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a verticle's consumers so each is a plain {@code JsonObject -> Future<JsonObject>}: the
 * reply, or the failure translated once, here, to the contract's convention.
 */
public final class BusConsumers {
  private static final Logger LOG = LoggerFactory.getLogger(BusConsumers.class);

  private final EventBus bus;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public BusConsumers(Vertx vertx) {
    this.bus = vertx.eventBus();
  }

  /** A cluster-wide address. */
  public BusConsumers serve(String address, Function<JsonObject, Future<JsonObject>> handler) {
    consumers.add(bus.consumer(address, m -> handle(address, m, handler)));
    return this;
  }

  /** An address that carries a secret: only this JVM can reach it. */
  public BusConsumers serveLocal(String address, Function<JsonObject, Future<JsonObject>> handler) {
    consumers.add(bus.localConsumer(address, m -> handle(address, m, handler)));
    return this;
  }

  /** Completes once every registration has reached the cluster (immediate when not clustered). */
  public Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  private static void handle(
      String address,
      Message<JsonObject> message,
      Function<JsonObject, Future<JsonObject>> handler) {
    Future<JsonObject> reply;
    try {
      JsonObject body = message.body() == null ? new JsonObject() : message.body();
      reply = handler.apply(body);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply
        .onSuccess(message::reply)
        .onFailure(e -> BusContract.fail(message, toBusError(address, e)));
  }

  static BusError toBusError(String address, Throwable e) {
    if (e instanceof BusError be) {
      return be;
    }
    if (e instanceof StoreUnavailableException) {
      LOG.warn("{}: store unavailable: {}", address, e.getMessage());
      return new BusError(
          503,
          "The credential store is unavailable; try again shortly.",
          "store_unavailable",
          null);
    }
    LOG.error("{}: unexpected failure", address, e);
    return new BusError(500, "Internal error; it has been logged.");
  }
}
