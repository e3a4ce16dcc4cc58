package ai.asta.spotify.bench;

import ai.asta.spotify.store.CredentialStore;
import ai.asta.spotify.store.RedisKeyValueStore;
import ai.asta.spotify.store.StoredTokens;
import ai.asta.spotify.store.TokenCipher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark helper: writes N linked users into Redis exactly as the service stores them (encrypted
 * token records of realistic size), to measure bytes per user and status latency at scale. Usage:
 * SeedUsers redis://... base64-key count [prefix]
 */
public final class SeedUsers {
  private SeedUsers() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    byte[] key = Base64.getDecoder().decode(args[1]);
    int count = Integer.parseInt(args[2]);
    String prefix = args.length > 3 ? args[3] : "seed";
    Vertx vertx = Vertx.vertx();
    RedisKeyValueStore kv = new RedisKeyValueStore(vertx, url, 10_000);
    CredentialStore store = new CredentialStore(kv, new TokenCipher(key, Optional.empty()));
    // Spotify's tokens are about this long: access ~300, refresh ~130 characters.
    String access = "BQ" + "a".repeat(298);
    String refresh = "AQ" + "r".repeat(128);
    List<Future<Void>> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StoredTokens tokens =
          new StoredTokens(
              access,
              refresh,
              System.currentTimeMillis() + 3_600_000,
              "user-read-playback-state user-modify-playback-state user-read-currently-playing user-read-private",
              "sandbox-client-id",
              false,
              "Listener " + i);
      batch.add(store.saveTokens(prefix + "-" + i, tokens));
      if (batch.size() == 2000) {
        Future.all(batch).await(60, TimeUnit.SECONDS);
        batch.clear();
      }
    }
    Future.all(batch).await(60, TimeUnit.SECONDS);
    kv.close();
    vertx.close().await(30, TimeUnit.SECONDS);
    System.out.println("seeded " + count + " users");
  }
}
