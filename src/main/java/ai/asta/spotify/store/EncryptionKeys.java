package ai.asta.spotify.store;

import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.config.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the encryption key: the configured one; else, in embedded mode only, the one generated into
 * the data directory (made on first start, owner-only). Redis mode without a key refuses to start:
 * instances sharing Redis must share one key, so none may invent its own.
 */
public final class EncryptionKeys {
  private static final Logger LOG = LoggerFactory.getLogger(EncryptionKeys.class);
  static final String KEY_FILE = "encryption.key";

  private EncryptionKeys() {}

  /** Called once at start-up, before the event loops serve anything. */
  public static TokenCipher cipherFor(AppConfig config) {
    Optional<byte[]> previous =
        config.encryptionKeyPrevious().map(k -> decode("ASTA_ENCRYPTION_KEY_PREVIOUS", k));
    if (config.encryptionKey().isPresent()) {
      return new TokenCipher(decode("ASTA_ENCRYPTION_KEY", config.encryptionKey().get()), previous);
    }
    if (config.redisUrl().isPresent()) {
      throw new ConfigException(
          "ASTA_ENCRYPTION_KEY is required with ASTA_REDIS_URL (every instance must use the same"
              + " key). "
              + TokenCipher.HOW_TO_MAKE_A_KEY);
    }
    return new TokenCipher(generatedKey(config.dataDir()), previous);
  }

  private static byte[] decode(String name, String value) {
    try {
      return TokenCipher.decodeKey(name, value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static byte[] generatedKey(Path dataDir) {
    Path file = dataDir.resolve(KEY_FILE);
    try {
      if (Files.exists(file)) {
        return decode(file.toString(), Files.readString(file, StandardCharsets.US_ASCII));
      }
      DataDir.ensure(dataDir);
      byte[] key = TokenCipher.newKey();
      DataDir.createOwnerOnly(file);
      Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
      LOG.warn(
          "No ASTA_ENCRYPTION_KEY set: generated a development key in {} (owner-only). Keep it:"
              + " without it the stored links cannot be read.",
          file);
      return key;
    } catch (IOException e) {
      throw new ConfigException("Cannot read or create the key file " + file + ": " + e);
    }
  }
}
