package ai.asta.spotify.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link KeyValueStore} must have, and what {@link CredentialStore} builds on
 * it. Run against Redis ({@code RedisStoreIT}) and the embedded store ({@code EmbeddedStoreTest}).
 */
abstract class StoreContract {
  protected Vertx vertx;
  protected KeyValueStore kv;
  protected CredentialStore store;
  protected final String user = "user-" + UUID.randomUUID();

  protected abstract KeyValueStore open(Vertx vertx) throws Exception;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    kv = open(vertx);
    store = new CredentialStore(kv, new TokenCipher(TokenCipher.newKey(), Optional.empty()));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(kv.close());
    await(vertx.close());
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.await(10, TimeUnit.SECONDS);
  }

  private String key(String name) {
    return Keys.PREFIX + "test:" + user + ":" + name;
  }

  @Test
  void setGetDelete() throws Exception {
    assertThat(await(kv.get(key("a")))).isNull();
    await(kv.set(key("a"), "1", 0));
    assertThat(await(kv.get(key("a")))).isEqualTo("1");
    await(kv.set(key("a"), "2", 0));
    assertThat(await(kv.get(key("a")))).isEqualTo("2");
    assertThat(await(kv.delete(key("a"), key("missing")))).isEqualTo(1L);
    assertThat(await(kv.get(key("a")))).isNull();
    assertThat(await(kv.delete(key("a")))).isZero();
  }

  @Test
  void valuesExpire() throws Exception {
    await(kv.set(key("ttl"), "v", 150));
    assertThat(await(kv.get(key("ttl")))).isEqualTo("v");
    Thread.sleep(300);
    assertThat(await(kv.get(key("ttl")))).isNull();
  }

  @Test
  void setIfAbsentOnlyOnce() throws Exception {
    assertThat(await(kv.setIfAbsent(key("lock"), "me", 5000))).isTrue();
    assertThat(await(kv.setIfAbsent(key("lock"), "you", 5000))).isFalse();
    assertThat(await(kv.get(key("lock")))).isEqualTo("me");
  }

  @Test
  void setIfAbsentSucceedsAgainAfterExpiry() throws Exception {
    assertThat(await(kv.setIfAbsent(key("lock"), "crashed", 100))).isTrue();
    Thread.sleep(250);
    assertThat(await(kv.setIfAbsent(key("lock"), "next", 5000))).isTrue();
  }

  @Test
  void exactlyOneConcurrentSetIfAbsentWins() throws Exception {
    List<Future<Boolean>> tries =
        IntStream.range(0, 50).mapToObj(i -> kv.setIfAbsent(key("race"), "o" + i, 5000)).toList();
    await(Future.all(tries));
    assertThat(tries.stream().filter(Future::result).count()).isEqualTo(1);
  }

  @Test
  void getAndDeleteConsumesOnce() throws Exception {
    await(kv.set(key("once"), "v", 10_000));
    List<Future<String>> takes =
        IntStream.range(0, 20).mapToObj(i -> kv.getAndDelete(key("once"))).toList();
    await(Future.join(takes));
    assertThat(takes.stream().map(Future::result).filter(v -> v != null).toList())
        .containsExactly("v");
  }

  @Test
  void deleteIfEqualsReleasesOnlyTheOwnersLock() throws Exception {
    await(kv.set(key("lock"), "owner-1", 5000));
    assertThat(await(kv.deleteIfEquals(key("lock"), "owner-2"))).isFalse();
    assertThat(await(kv.get(key("lock")))).isEqualTo("owner-1");
    assertThat(await(kv.deleteIfEquals(key("lock"), "owner-1"))).isTrue();
    assertThat(await(kv.get(key("lock")))).isNull();
    assertThat(await(kv.deleteIfEquals(key("lock"), "owner-1"))).isFalse();
  }

  @Test
  void countsKeysByPrefixAndSuffix() throws Exception {
    String prefix = Keys.PREFIX + "count-" + user + ":{";
    for (int i = 0; i < 1100; i += 1) {
      await(kv.set(prefix + i + "}:tokens", "v", 0));
    }
    await(kv.set(prefix + "x}:other", "v", 0));
    await(kv.set(prefix + "gone}:tokens", "v", 1));
    Thread.sleep(20);
    assertThat(await(kv.count(prefix, "}:tokens"))).isEqualTo(1100L);
  }

  @Test
  void pingAnswers() throws Exception {
    await(kv.ping());
  }

  // --- CredentialStore on top --------------------------------------------------------------

  @Test
  void tokensRoundTripEncrypted() throws Exception {
    StoredTokens tokens =
        // A display name with a space: base64 has none, so it cannot show up in the blob by chance.
        new StoredTokens("BQ-access-xyz", "AQ-refresh-xyz", 123L, "scope", "cid", true, "Ann Lee");
    await(store.saveTokens(user, tokens));
    assertThat(await(store.tokens(user))).contains(tokens);
    String raw = await(kv.get(Keys.tokens(user)));
    assertThat(raw).doesNotContain("BQ-access-xyz", "AQ-refresh-xyz", "Ann Lee");
    await(store.deleteTokens(user));
    assertThat(await(store.tokens(user))).isEmpty();
  }

  @Test
  void aBlobMovedToAnotherUserReadsAsNothing() throws Exception {
    await(store.saveTokens(user, new StoredTokens("a", "r", 1, "", "c", false, null)));
    String other = user + "-other";
    await(kv.set(Keys.tokens(other), await(kv.get(Keys.tokens(user))), 0));
    assertThat(await(store.tokens(other))).isEmpty();
  }

  @Test
  void pendingLinksAreSingleUseAndStoredUnderAHash() throws Exception {
    String state = "state-" + UUID.randomUUID();
    PendingLink link = new PendingLink(user, "cid", "verifier-123", "http://127.0.0.1/cb");
    await(store.savePendingLink(state, link, 10_000));
    assertThat(Keys.state(state)).doesNotContain(state);
    assertThat(await(kv.get(Keys.state(state)))).doesNotContain("verifier-123");
    assertThat(await(store.takePendingLink(state))).contains(link);
    assertThat(await(store.takePendingLink(state))).isEmpty();
  }

  @Test
  void pendingLinksExpire() throws Exception {
    String state = "state-" + UUID.randomUUID();
    await(store.savePendingLink(state, new PendingLink(user, "c", null, "u"), 100));
    Thread.sleep(250);
    assertThat(await(store.takePendingLink(state))).isEmpty();
  }

  @Test
  void ticketsAreSingleUse() throws Exception {
    String ticket = "ticket-" + UUID.randomUUID();
    await(store.saveTicket(ticket, user, 10_000));
    assertThat(await(store.takeTicket(ticket))).contains(user);
    assertThat(await(store.takeTicket(ticket))).isEmpty();
  }

  @Test
  void refreshLockHasOneOwner() throws Exception {
    assertThat(await(store.tryRefreshLock(user, "a", 5000))).isTrue();
    assertThat(await(store.tryRefreshLock(user, "b", 5000))).isFalse();
    assertThat(await(store.releaseRefreshLock(user, "b"))).isFalse();
    assertThat(await(store.releaseRefreshLock(user, "a"))).isTrue();
    assertThat(await(store.tryRefreshLock(user, "b", 5000))).isTrue();
    await(store.releaseRefreshLock(user, "b"));
  }

  @Test
  void disconnectReasonAndLastDevice() throws Exception {
    assertThat(await(store.disconnectReason(user))).isEmpty();
    await(store.setDisconnectReason(user, "revoked"));
    assertThat(await(store.disconnectReason(user))).contains("revoked");
    await(store.clearDisconnectReason(user));
    assertThat(await(store.disconnectReason(user))).isEmpty();

    assertThat(await(store.lastDevice(user))).isEmpty();
    await(store.setLastDevice(user, "dev-1"));
    assertThat(await(store.lastDevice(user))).contains("dev-1");
  }

  @Test
  void appCredentialsAreEncryptedAndClearable() throws Exception {
    await(store.saveAppCredentials(new AppCredentials("client-id-1", "client-secret-1")));
    assertThat(await(store.appCredentials()))
        .isEqualTo(new AppCredentials("client-id-1", "client-secret-1"));
    assertThat(await(kv.get(Keys.appCredentials()))).doesNotContain("client-secret-1");
    await(store.saveAppCredentials(AppCredentials.NONE));
    assertThat(await(store.appCredentials())).isEqualTo(AppCredentials.NONE);
  }

  @Test
  void rateLimitWindowIsSharedAndExpires() throws Exception {
    long until = System.currentTimeMillis() + 300;
    await(store.recordRateLimit(until));
    assertThat(await(store.rateLimitedUntil())).isEqualTo(until);
    Thread.sleep(450);
    assertThat(await(store.rateLimitedUntil())).isZero();
  }
}
