package io.codexpool.admin.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.helidon.microprofile.server.ServerCdiExtension;

import jakarta.enterprise.inject.spi.CDI;

/** A browser-like HTTP client for the admin site: keeps cookies, does not follow redirects, knows the CSRF field. */
public final class AdminClient {
    public static final String PASSWORD = "correct horse battery";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI base;

    /** A client of the service under {@code @HelidonTest}. */
    public AdminClient() {
        this(URI.create("http://127.0.0.1:"
                + CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port()));
    }

    public AdminClient(URI base) {
        this.base = base;
    }

    /** The value of a cookie the site has set, or null. */
    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    /** Signs in, setting the admin password first when the database has none (loopback needs no token). */
    public AdminClient signIn() {
        String page = get("/admin/login").body();
        String action = page.contains("action=\"/admin/setup\"") ? "/admin/setup" : "/admin/login";
        HttpResponse<String> response = postForm(action, Map.of("_csrf", csrfIn(page), "password", PASSWORD,
                "confirm", PASSWORD));
        if (response.statusCode() != 303) {
            throw new AssertionError("sign-in failed: " + response.statusCode() + "\n" + response.body());
        }
        return this;
    }

    /** The CSRF token of the signed-in session, as the layout's sign-out form carries it. */
    public String csrf() {
        return csrfIn(get("/admin/settings").body());
    }

    public static String csrfIn(String html) {
        Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field in page:\n" + html);
        }
        return matcher.group(1);
    }

    /** The value of this client's session cookie. */
    public String sessionCookie() {
        return ((CookieManager) http.cookieHandler().orElseThrow()).getCookieStore().getCookies().stream()
                .filter(cookie -> cookie.getName().equals("codexpool_session"))
                .findFirst().orElseThrow(() -> new AssertionError("not signed in")).getValue();
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> postForm(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts a form with its CSRF token added. */
    public HttpResponse<String> submit(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("_csrf", csrf());
        return postForm(path, all);
    }

    public HttpResponse<String> postMultipart(String path, Map<String, String> fields, String fileField,
                                              byte[] file) {
        String boundary = "----codexpool" + System.nanoTime();
        var out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                + "\"; filename=\"auth.json\"\r\nContent-Type: application/json\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    /** A JSON API call authenticated by this client's session cookie and CSRF header. */
    public HttpResponse<String> api(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("X-CSRF-Token", csrf())
                .header("Content-Type", "application/json");
        return send(request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
