package ai.asta.spotify.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Every key name the service uses, under one prefix. A user's keys share the hash tag {@code
 * {user}} so they live in one Redis Cluster slot. One-time secrets (state, ticket) are stored under
 * their SHA-256, so reading Redis's key names never reveals one.
 */
public final class Keys {
  public static final String PREFIX = "asta:spotify:";

  private Keys() {}

  public static String tokens(String user) {
    return PREFIX + "{" + user + "}:tokens";
  }

  public static String disconnectReason(String user) {
    return PREFIX + "{" + user + "}:disconnect";
  }

  public static String lastDevice(String user) {
    return PREFIX + "{" + user + "}:last-device";
  }

  public static String refreshLock(String user) {
    return PREFIX + "{" + user + "}:refresh-lock";
  }

  public static String state(String state) {
    return PREFIX + "state:" + sha256(state);
  }

  public static String ticket(String ticket) {
    return PREFIX + "ticket:" + sha256(ticket);
  }

  public static String rateLimit() {
    return PREFIX + "rate-limit-until";
  }

  public static String appCredentials() {
    return PREFIX + "app";
  }

  /**
   * Keys read on hot paths and rarely written, worth caching in memory. One-time keys (state,
   * ticket) and the refresh lock are not: they are taken or contended, never re-read. A cache
   * cannot see a Redis expiry, so a cacheable key must never expire, except the rate-limit window,
   * whose value is its own end time and is compared with the clock by whoever reads it.
   */
  public static boolean cacheable(String key) {
    return key.endsWith("}:tokens")
        || key.endsWith("}:disconnect")
        || key.endsWith("}:last-device")
        || key.equals(rateLimit())
        || key.equals(appCredentials());
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
