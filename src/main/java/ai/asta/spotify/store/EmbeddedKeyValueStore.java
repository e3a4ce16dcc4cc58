package ai.asta.spotify.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link KeyValueStore} for a single instance with no Redis: an in-memory map persisted to {@code
 * store.json} in the data directory.
 *
 * <p>Each change completes only once a snapshot containing it is on disk. Snapshots are written by
 * one worker thread, to a temporary file that is fsynced and then atomically renamed, so a crash
 * leaves either the old file or the new one, never half of one.
 */
public final class EmbeddedKeyValueStore implements KeyValueStore {
  private record Entry(String value, long expiresAt) {
    boolean expired(long now) {
      return expiresAt > 0 && expiresAt <= now;
    }
  }

  private final Map<String, Entry> entries = new HashMap<>();
  private final Path file;
  private final WorkerExecutor writer;

  private EmbeddedKeyValueStore(Vertx vertx, Path file) {
    this.file = file;
    this.writer = vertx.createSharedWorkerExecutor("asta-embedded-store-writer", 1);
  }

  /** Opens (or creates) the store in {@code dataDir}; reading the file happens off the loop. */
  public static Future<EmbeddedKeyValueStore> open(Vertx vertx, Path dataDir) {
    EmbeddedKeyValueStore store = new EmbeddedKeyValueStore(vertx, dataDir.resolve("store.json"));
    return store.writer.executeBlocking(
        () -> {
          DataDir.ensure(dataDir);
          store.load();
          return store;
        });
  }

  @Override
  public synchronized Future<String> get(String key) {
    Entry e = live(key);
    return Future.succeededFuture(e == null ? null : e.value);
  }

  @Override
  public Future<Void> set(String key, String value, long ttlMs) {
    synchronized (this) {
      entries.put(key, new Entry(value, expiry(ttlMs)));
    }
    return persist();
  }

  @Override
  public Future<Boolean> setIfAbsent(String key, String value, long ttlMs) {
    synchronized (this) {
      if (live(key) != null) {
        return Future.succeededFuture(false);
      }
      entries.put(key, new Entry(value, expiry(ttlMs)));
    }
    return persist().map(true);
  }

  @Override
  public Future<String> getAndDelete(String key) {
    Entry e;
    synchronized (this) {
      e = live(key);
      if (e == null) {
        return Future.succeededFuture(null);
      }
      entries.remove(key);
    }
    return persist().map(e.value);
  }

  @Override
  public Future<Boolean> deleteIfEquals(String key, String expected) {
    synchronized (this) {
      Entry e = live(key);
      if (e == null || !e.value.equals(expected)) {
        return Future.succeededFuture(false);
      }
      entries.remove(key);
    }
    return persist().map(true);
  }

  @Override
  public Future<Long> delete(String... keys) {
    long removed = 0;
    synchronized (this) {
      for (String key : keys) {
        if (live(key) != null) {
          removed++;
        }
        entries.remove(key);
      }
    }
    return removed == 0 ? Future.succeededFuture(0L) : persist().map(removed);
  }

  @Override
  public synchronized Future<Long> count(String prefix, String suffix) {
    long now = System.currentTimeMillis();
    return Future.succeededFuture(
        entries.entrySet().stream()
            .filter(e -> !e.getValue().expired(now))
            .filter(e -> e.getKey().startsWith(prefix) && e.getKey().endsWith(suffix))
            .count());
  }

  @Override
  public Future<Void> ping() {
    return Future.succeededFuture();
  }

  @Override
  public String kind() {
    return "embedded";
  }

  @Override
  public Future<Void> close() {
    return writer.close();
  }

  /** The file the store persists to; tests read it to prove no secret is in plain text. */
  public Path file() {
    return file;
  }

  private Entry live(String key) {
    Entry e = entries.get(key);
    if (e != null && e.expired(System.currentTimeMillis())) {
      entries.remove(key);
      return null;
    }
    return e;
  }

  private static long expiry(long ttlMs) {
    return ttlMs > 0 ? System.currentTimeMillis() + ttlMs : 0;
  }

  private Future<Void> persist() {
    // The snapshot is taken on the single writer thread, so the last write always holds the
    // latest state even when changes come from several event loops.
    return writer.executeBlocking(
        () -> {
          write(snapshot());
          return null;
        },
        true);
  }

  private synchronized String snapshot() {
    long now = System.currentTimeMillis();
    JsonObject all = new JsonObject();
    entries.forEach(
        (k, e) -> {
          if (!e.expired(now)) {
            all.put(k, new JsonObject().put("v", e.value).put("exp", e.expiresAt));
          }
        });
    return new JsonObject().put("version", 1).put("entries", all).encode();
  }

  private void write(String json) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    DataDir.createOwnerOnly(tmp);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.write(StandardCharsets.UTF_8.encode(json));
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private synchronized void load() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    JsonObject json = new JsonObject(Files.readString(file));
    JsonObject all = json.getJsonObject("entries", new JsonObject());
    long now = System.currentTimeMillis();
    for (String key : all.fieldNames()) {
      JsonObject e = all.getJsonObject(key);
      Entry entry = new Entry(e.getString("v"), e.getLong("exp", 0L));
      if (!entry.expired(now)) {
        entries.put(key, entry);
      }
    }
  }
}
