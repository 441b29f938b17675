package io.codexpool.admin.web;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who may reach the admin site: sessions, CSRF, the API token, the sign-in limit. */
@ExtendWith(TestDatabase.class)
@HelidonTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminSecurityTest {
    static final List<String> PAGES = List.of("/admin", "/admin/accounts", "/admin/accounts/x", "/admin/settings",
            "/admin/request-logs", "/admin/sticky-sessions", "/admin/webhooks", "/admin/events");
    static final List<String> API = List.of("/api/admin/accounts", "/api/admin/settings", "/api/admin/overview",
            "/api/admin/request-logs", "/api/admin/sticky-sessions", "/api/admin/webhooks", "/api/admin/events");

    @Test
    @Order(1)
    void everyAdminPageWithoutASessionRedirectsToSignIn() {
        AdminClient anonymous = new AdminClient();
        for (String page : PAGES) {
            HttpResponse<String> response = anonymous.get(page);
            assertEquals(303, response.statusCode(), page);
            assertEquals("/admin/login", response.headers().firstValue("Location").orElseThrow()
                    .replaceFirst("^https?://[^/]+", ""), page);
        }
        assertEquals(303, anonymous.get("/").statusCode(), "/ leads to the admin site");
    }

    @Test
    @Order(2)
    void everyApiRouteWithoutASessionAnswers401Json() {
        AdminClient anonymous = new AdminClient();
        for (String route : API) {
            HttpResponse<String> response = anonymous.get(route);
            assertEquals(401, response.statusCode(), route);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertTrue(response.body().contains("\"error\""), response.body());
        }
        HttpResponse<String> wrongBearer = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/api/admin/settings"))
                .header("Authorization", "Bearer not-the-token"));
        assertEquals(401, wrongBearer.statusCode());
    }

    @Test
    @Order(2)
    void pathsThatReachTheAdminSiteInDisguiseStillNeedASignIn() {
        AdminClient anonymous = new AdminClient();
        for (String page : List.of("/admin;x=1/accounts", "/admin/accounts;x=1", "/admin;x=1",
                "/admin//settings")) {
            HttpResponse<String> response = anonymous.get(page);
            assertEquals(303, response.statusCode(), page + ": " + response.body());
            assertEquals("/admin/login", response.headers().firstValue("Location").orElseThrow()
                    .replaceFirst("^https?://[^/]+", ""), page);
        }
        for (String route : List.of("/api;x=1/admin/accounts", "/api/admin;x=1/settings", "/api/admin/settings;x=1")) {
            HttpResponse<String> response = anonymous.get(route);
            assertEquals(401, response.statusCode(), route + ": " + response.body());
        }
        String before = new AdminClient().send(HttpRequest.newBuilder(anonymous.uri("/api/admin/settings"))
                .header("Authorization", "Bearer test-api-token-0123456789")).body();
        HttpResponse<String> change = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/api;x=1/admin/settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"routingStrategy\":\"round_robin\"}")));
        assertEquals(401, change.statusCode(), change.body());
        String after = new AdminClient().send(HttpRequest.newBuilder(anonymous.uri("/api/admin/settings"))
                .header("Authorization", "Bearer test-api-token-0123456789")).body();
        assertEquals(before, after, "nothing changed");
    }

    @Test
    @Order(3)
    void healthAndMetricsAreNotAdminRoutes() {
        AdminClient anonymous = new AdminClient();
        assertEquals(200, anonymous.get("/health/ready").statusCode());
        assertEquals(200, anonymous.get("/metrics").statusCode());
    }

    @Test
    @Order(4)
    void theConfiguredBearerTokenOpensTheApi() {
        AdminClient anonymous = new AdminClient();
        HttpResponse<String> response = anonymous.send(HttpRequest.newBuilder(anonymous.uri("/api/admin/settings"))
                .header("Authorization", "Bearer test-api-token-0123456789"));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    @Order(4)
    void aPageThatRebindsItsHostNameToLoopbackCannotSetTheFirstPassword() throws Exception {
        AdminClient browser = new AdminClient();
        String csrf = AdminClient.csrfIn(browser.get("/admin/login").body());
        String cookie = browser.cookie(AdminRequest.LOGIN_CSRF_COOKIE);
        String form = "_csrf=" + csrf + "&password=attacker-pw-123&confirm=attacker-pw-123";
        for (String host : List.of("attacker.example:" + browser.uri("/").getPort(), "attacker.example")) {
            String reply = rawPost(browser, "/admin/setup", host, AdminRequest.LOGIN_CSRF_COOKIE + "=" + cookie,
                    form);
            assertTrue(reply.startsWith("HTTP/1.1 400"), host + ": " + reply.lines().findFirst().orElse(""));
            assertTrue(reply.contains("bootstrap token"), reply);
        }
        assertTrue(browser.get("/admin/login").body().contains("No admin password is set yet"), "still unset");
    }

    @Test
    @Order(5)
    void firstRunOnLoopbackSetsThePasswordAndSignsIn() {
        AdminClient admin = new AdminClient();
        HttpResponse<String> setup = admin.get("/admin/login");
        assertTrue(setup.body().contains("No admin password is set yet"), setup.body());
        HttpResponse<String> tooShort = admin.postForm("/admin/setup", Map.of("_csrf", AdminClient.csrfIn(
                setup.body()), "password", "short", "confirm", "short"));
        assertEquals(400, tooShort.statusCode());
        assertTrue(tooShort.body().contains("Use at least 8 characters."));
        admin.signIn();
        HttpResponse<String> dashboard = admin.get("/admin");
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.body().contains("Admin password set."), "flash after the redirect");
        HttpResponse<String> cookieCheck = new AdminClient().postForm("/admin/login", Map.of());
        assertEquals(403, cookieCheck.statusCode(), "sign-in form without its CSRF token");
    }

    @Test
    @Order(6)
    void sessionCookieIsHttpOnlySameSiteLaxAndLastsTwelveHours() {
        AdminClient admin = new AdminClient();
        String page = admin.get("/admin/login").body();
        HttpResponse<String> response = admin.postForm("/admin/login", Map.of("_csrf", AdminClient.csrfIn(page),
                "password", AdminClient.PASSWORD));
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("codexpool_session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("Max-Age=43200"), cookie);
        assertTrue(!cookie.contains("Secure"), "plain HTTP: no Secure flag");
    }

    @Test
    @Order(6)
    void sessionCookieIsSecureWhenTheBrowserUsesHttps() {
        AdminClient admin = new AdminClient();
        String page = admin.get("/admin/login").body();
        HttpResponse<String> response = admin.send(HttpRequest.newBuilder(admin.uri("/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-Proto", "https")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + AdminClient.csrfIn(page) + "&password="
                        + AdminClient.PASSWORD.replace(" ", "+"))));
        assertEquals(303, response.statusCode());
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("codexpool_session=")).findFirst().orElseThrow();
        assertTrue(cookie.contains("Secure"), cookie);
    }

    @Test
    @Order(6)
    void anExpiredSessionSendsBackToSignIn() {
        AdminClient admin = new AdminClient().signIn();
        assertEquals(200, admin.get("/admin/settings").statusCode());
        TestDatabase.update("update admin_sessions set expires_at = utc_timestamp(6) - interval 1 second"
                + " where token_hash = sha2(?, 256)", admin.sessionCookie());
        assertEquals(303, admin.get("/admin/settings").statusCode());
        assertEquals(401, admin.get("/api/admin/settings").statusCode());
    }

    @Test
    @Order(7)
    void postsWithoutOrWithAWrongCsrfTokenAre403() {
        AdminClient admin = new AdminClient().signIn();
        Map<String, String> settings = Map.of("budgetThresholdPercent", "50", "routingStrategy", "round_robin",
                "promptCacheAffinityTtlSeconds", "60", "upstreamTransport", "http");
        assertEquals(403, admin.postForm("/admin/settings", settings).statusCode());
        Map<String, String> wrong = new HashMap<>(settings);
        wrong.put("_csrf", "forged");
        assertEquals(403, admin.postForm("/admin/settings", wrong).statusCode());
        assertEquals(403, admin.postForm("/admin/logout", Map.of("_csrf", "forged")).statusCode());
        assertEquals(403, admin.send(HttpRequest.newBuilder(admin.uri("/api/admin/settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"budgetThresholdPercent\":50}"))).statusCode(),
                "API with a session cookie but no X-CSRF-Token header");
        assertEquals("95.00", TestDatabase.column("select budget_threshold_percent from settings").getFirst()
                .toString(), "nothing changed");
    }

    @Test
    @Order(8)
    void signOutEndsTheSession() {
        AdminClient admin = new AdminClient().signIn();
        HttpResponse<String> out = admin.submit("/admin/logout", Map.of());
        assertEquals(303, out.statusCode());
        assertEquals(303, admin.get("/admin/settings").statusCode(), "back to sign-in");
    }

    @Test
    @Order(100)
    void theNinthFailedSignInWithinAMinuteIs429WithRetryAfter() {
        AdminClient attacker = new AdminClient();
        String csrf = AdminClient.csrfIn(attacker.get("/admin/login").body());
        for (int attempt = 1; attempt <= 8; attempt++) {
            HttpResponse<String> response = attacker.postForm("/admin/login", Map.of("_csrf", csrf,
                    "password", "wrong-" + attempt));
            assertEquals(401, response.statusCode(), "attempt " + attempt);
            assertTrue(response.body().contains("That password is not right."));
        }
        HttpResponse<String> ninth = attacker.postForm("/admin/login", Map.of("_csrf", csrf,
                "password", AdminClient.PASSWORD));
        assertEquals(429, ninth.statusCode());
        long retryAfter = Long.parseLong(ninth.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 61, "Retry-After " + retryAfter);
        assertTrue(ninth.body().contains("Too many failed sign-ins"));
    }

    /** A POST with a Host header of our choosing, which java.net.http does not allow; returns head and body. */
    private static String rawPost(AdminClient client, String path, String host, String cookie, String form)
            throws Exception {
        URI uri = client.uri(path);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nCookie: " + cookie
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                    + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            StringBuilder reply = new StringBuilder();
            String line;
            int length = 0;
            boolean chunked = false;
            while (!(line = readLine(in)).isEmpty()) {
                reply.append(line).append('\n');
                String lower = line.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                }
                chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
            }
            if (chunked) {
                for (int size; (size = Integer.parseInt(readLine(in).trim(), 16)) > 0; readLine(in)) {
                    reply.append(new String(in.readNBytes(size), StandardCharsets.UTF_8));
                }
            } else {
                reply.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
            return reply.toString();
        }
    }

    private static String readLine(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
