package ai.asta.spotify.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plays the browser in the OAuth flow: opens the authorize URL on the simulator, presses Agree or
 * Cancel on its consent page, and follows the redirects back through the service's callback.
 */
public final class LinkDriver {
  private LinkDriver() {}

  /**
   * Links Asta user {@code asUser} to the simulated Spotify account {@code simUser} through the
   * service at {@code serviceUrl}, with a service token; answers where the browser lands.
   */
  public static String link(String serviceUrl, String serviceToken, String asUser, String simUser) {
    Http.Reply connect =
        Http.get(serviceUrl + "/api/spotify/connect?user_id=" + asUser, serviceToken);
    assertThat(connect.status()).as(connect.toString()).isEqualTo(200);
    String landed = consent(connect.json().getString("url"), simUser, true);
    assertThat(landed).endsWith("/settings?spotify=connected");
    return landed;
  }

  /** The settings-page URL the browser finally lands on. */
  public static String consent(String authorizeUrl, String simUser, boolean agree) {
    Http.Reply page = Http.get(authorizeUrl);
    assertThat(page.status()).as("consent page %s", page).isEqualTo(200);
    assertThat(page.text()).contains("Agree").contains("Cancel");
    String callback = decide(authorizeUrl, simUser, agree);
    return followCallback(callback);
  }

  /** Presses a button on the consent page; answers the redirect to the service's callback. */
  public static String decide(String authorizeUrl, String simUser, boolean agree) {
    URI uri = URI.create(authorizeUrl);
    Map<String, String> form = query(uri.getRawQuery());
    form.put("action", agree ? "agree" : "cancel");
    form.put("user", simUser);
    String origin = uri.getScheme() + "://" + uri.getAuthority();
    Http.Reply decision = Http.postForm(origin + "/authorize/decision", encode(form));
    assertThat(decision.status()).as("decision %s", decision).isEqualTo(303);
    return decision.header("Location");
  }

  public static String followCallback(String callbackUrl) {
    Http.Reply back = Http.get(callbackUrl);
    assertThat(back.status()).as("callback %s", back).isEqualTo(302);
    return back.header("Location");
  }

  public static Map<String, String> query(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  public static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
