package ai.asta.spotify.sandbox;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * One Web API request the simulator answered, as seen on the wire: what tests validate against
 * Spotify's OpenAPI description (see {@link SimulatorState#onExchange}).
 */
public record Exchange(
    String method,
    String path,
    Map<String, String> query,
    String requestContentType,
    Buffer requestBody,
    int status,
    String responseContentType,
    Buffer responseBody) {}
