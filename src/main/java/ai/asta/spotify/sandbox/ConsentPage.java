package ai.asta.spotify.sandbox;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.Collection;

/** The simulator's HTML: a consent page like Spotify's, and the error page that never redirects. */
final class ConsentPage {
  private static final String[] FORWARDED = {
    "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method"
  };

  private ConsentPage() {}

  static void render(RoutingContext ctx, String appName, MultiMap query, Collection<String> users) {
    StringBuilder html = new StringBuilder();
    html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Spotify (simulator) - Authorize</title>")
        .append(
            "<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}")
        .append("button{font-size:1rem;padding:.6rem 1.4rem;margin-right:.5rem;border-radius:2rem}")
        .append(
            "#agree{background:#1db954;color:#fff;border:0}.note{color:#a00}</style></head><body>")
        .append("<p class=\"note\">Sandbox: this is a Spotify simulator, not real Spotify.</p>")
        .append("<h1>Connect <span id=\"app-name\">")
        .append(escape(appName))
        .append("</span> to your Spotify account</h1>")
        .append("<p>It will be able to:</p><ul id=\"scopes\">");
    String scope = query.get("scope");
    if (scope != null) {
      for (String s : scope.trim().split("\\s+")) {
        if (!s.isEmpty()) {
          html.append("<li>").append(escape(s)).append("</li>");
        }
      }
    }
    html.append("</ul><form method=\"post\" action=\"/authorize/decision\">");
    for (String field : FORWARDED) {
      String value = query.get(field);
      if (value != null) {
        html.append("<input type=\"hidden\" name=\"")
            .append(field)
            .append("\" value=\"")
            .append(escape(value))
            .append("\">");
      }
    }
    html.append("<p><label for=\"user\">Log in as</label> <select id=\"user\" name=\"user\">");
    for (String user : users) {
      html.append("<option value=\"")
          .append(escape(user))
          .append("\">")
          .append(escape(user))
          .append("</option>");
    }
    html.append("</select></p>")
        .append(
            "<button id=\"agree\" name=\"action\" value=\"agree\" type=\"submit\">Agree</button>")
        .append(
            "<button id=\"cancel\" name=\"action\" value=\"cancel\" type=\"submit\">Cancel</button>")
        .append("</form></body></html>");
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html.toString());
  }

  static void error(RoutingContext ctx, String message) {
    ctx.response()
        .setStatusCode(400)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .end(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error</title></head>"
                + "<body><h1>Oops! Something went wrong</h1><p id=\"error\">"
                + escape(message)
                + "</p></body></html>");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
