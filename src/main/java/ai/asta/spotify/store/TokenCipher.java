package ai.asta.spotify.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest with AES-256-GCM.
 *
 * <p>Blob layout: {@code keyId(1) | iv(12) | ciphertext+tag}, base64 encoded. The store key is the
 * associated data, so a blob copied under another user's key fails to decrypt. The key id (first
 * byte of the key's SHA-256) lets a previous key keep decrypting during a rotation while only the
 * current key encrypts.
 */
public final class TokenCipher {
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One Cipher per thread: looking one up is costly, and a Cipher is not thread-safe. */
  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
            }
          });

  private final Key current;
  private final List<Key> decryptors;

  public TokenCipher(byte[] currentKey, Optional<byte[]> previousKey) {
    this.current = new Key(currentKey);
    List<Key> keys = new ArrayList<>();
    keys.add(current);
    previousKey.map(Key::new).ifPresent(keys::add);
    this.decryptors = List.copyOf(keys);
  }

  /** Decodes a base64 key, checking it is 32 bytes; the message says how to make a valid one. */
  public static byte[] decodeKey(String name, String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " is not valid base64. " + HOW_TO_MAKE_A_KEY);
    }
    if (key.length != 32) {
      throw new IllegalArgumentException(
          name + " must decode to 32 bytes, got " + key.length + ". " + HOW_TO_MAKE_A_KEY);
    }
    return key;
  }

  public static final String HOW_TO_MAKE_A_KEY =
      "Make one with: openssl rand -base64 32 (and keep it: every instance needs the same key).";

  public static byte[] newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  public String encrypt(String plaintext, String storeKey) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, current.secret, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(storeKey.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(1 + IV_BYTES + sealed.length);
      out.put(current.id).put(iv).put(sealed);
      return Base64.getEncoder().withoutPadding().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * Decrypts a blob written under {@code storeKey}.
   *
   * @throws DecryptionException when the blob was tampered with, moved to another key, or written
   *     with a key this instance does not have
   */
  public String decrypt(String blob, String storeKey) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(blob);
    } catch (IllegalArgumentException e) {
      throw new DecryptionException("stored value is not an encrypted blob");
    }
    if (raw.length < 1 + IV_BYTES + TAG_BITS / 8) {
      throw new DecryptionException("stored value is too short to be an encrypted blob");
    }
    for (Key key : decryptors) {
      if (key.id != raw[0]) {
        continue;
      }
      try {
        Cipher cipher = CIPHERS.get();
        cipher.init(
            Cipher.DECRYPT_MODE, key.secret, new GCMParameterSpec(TAG_BITS, raw, 1, IV_BYTES));
        cipher.updateAAD(storeKey.getBytes(StandardCharsets.UTF_8));
        byte[] plain = cipher.doFinal(raw, 1 + IV_BYTES, raw.length - 1 - IV_BYTES);
        return new String(plain, StandardCharsets.UTF_8);
      } catch (GeneralSecurityException e) {
        // Two keys may share an id byte; try the next before giving up.
      }
    }
    throw new DecryptionException(
        "stored value does not decrypt with the configured keys (tampered, moved, or written with"
            + " a key that is no longer configured)");
  }

  /** Whether a blob was written with a key other than the current one (worth re-encrypting). */
  public boolean isStale(String blob) {
    try {
      return Base64.getDecoder().decode(blob)[0] != current.id;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static final class Key {
    final SecretKey secret;
    final byte id;

    Key(byte[] raw) {
      this.secret = new SecretKeySpec(raw, "AES");
      try {
        this.id = MessageDigest.getInstance("SHA-256").digest(raw)[0];
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A stored secret that cannot be read back; treated as no secret, never as a crash. */
  public static final class DecryptionException extends RuntimeException {
    public DecryptionException(String message) {
      super(message);
    }
  }
}
