package ai.asta.spotify.config;

/** A configuration that must not start; the message names the key and the fix. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
