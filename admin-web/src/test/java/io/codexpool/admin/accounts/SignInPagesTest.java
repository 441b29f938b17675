package io.codexpool.admin.accounts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.testing.Poll;
import io.codexpool.admin.web.AdminClient;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Accounts page's sign-in buttons and the pages behind them, against the fake auth server. */
@ExtendWith(TestDatabase.class)
@HelidonTest
class SignInPagesTest {
    private static final FakeChatGptBackend BACKEND = FakeChatGptBackend.start();
    private static AdminClient admin;

    static {
        System.setProperty("codexpool.upstream.base-url", BACKEND.baseUrl());
        System.setProperty("codexpool.auth.base-url", BACKEND.authBaseUrl());
        System.setProperty("codexpool.auth.callback-port", "0");
    }

    @Inject
    AccountRepository accounts;

    @AfterAll
    static void stopBackend() {
        BACKEND.close();
        List.of("codexpool.upstream.base-url", "codexpool.auth.base-url", "codexpool.auth.callback-port")
                .forEach(System::clearProperty);
        admin = null;
    }

    @BeforeEach
    void signInAsAdmin() {
        if (admin == null) {
            admin = new AdminClient().signIn();
        }
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        BACKEND.reset();
    }

    @Test
    void accountsPageOffersBothSignInButtonsAndShowsADeactivationReason() {
        Account dead = new Account("dead@example.com", "acc-dead", "plus", Instant.now());
        dead.setStatus(AccountStatus.DEACTIVATED);
        dead.setDeactivationReason("Token refresh refused (refresh_token_reused): sign in again.");
        accounts.save(dead);
        String page = admin.get("/admin/accounts").body();
        assertTrue(page.contains("id=\"browser-login-form\""), page);
        assertTrue(page.contains("id=\"device-login-form\""));
        assertTrue(page.contains("Token refresh refused (refresh_token_reused): sign in again."));
    }

    @Test
    void browserSignInWithAPastedRedirectAddsTheAccount() throws Exception {
        BACKEND.oauth().issueFor("acc-web", "web@example.com", "plus");
        HttpResponse<String> started = admin.submit("/admin/accounts/login/browser", Map.of());
        assertEquals(200, started.statusCode(), started.body());
        URI authorize = URI.create(authorizeLink(started.body()));
        assertTrue(authorize.toString().contains("code_challenge_method=S256"));
        String redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue("location").orElseThrow();

        HttpResponse<String> forged = admin.submit("/admin/accounts/login/browser/complete",
                Map.of("redirectUrl", redirect.replaceAll("state=[^&]+", "state=forged")));
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("id=\"redirectUrl-error\""), forged.body());
        assertFalse(forged.body().contains("code=code-"), "the pasted code is not echoed");
        assertTrue(accounts.findAll().isEmpty());

        HttpResponse<String> done = admin.submit("/admin/accounts/login/browser/complete",
                Map.of("redirectUrl", redirect));
        assertEquals(303, done.statusCode(), done.body());
        assertTrue(admin.get("/admin/accounts").body().contains("Added web@example.com."));
        assertEquals("web@example.com", accounts.findAll().getFirst().getEmail());
        assertEquals(List.of("account.added admin 127.0.0.1"), auditRows("web@example.com"));
    }

    @Test
    void deviceSignInShowsTheCodeAndReturnsToAccountsWhenApproved() {
        BACKEND.oauth().issueFor("acc-dev", "dev@example.com", "plus").devicePendingPolls(1).deviceInterval(0);
        HttpResponse<String> started = admin.submit("/admin/accounts/login/device", Map.of());
        assertEquals(303, started.statusCode());
        String statusPage = started.headers().firstValue("location").orElseThrow();
        HttpResponse<String> pending = admin.get(statusPage);
        if (pending.statusCode() == 200) {
            assertTrue(pending.body().contains("id=\"user-code\">FAKE-"), pending.body());
            assertTrue(pending.body().contains(BACKEND.authBaseUrl() + "/codex/device"));
        }
        HttpResponse<String> status = Poll.until("the device login to finish", Duration.ofSeconds(20),
                () -> admin.get(statusPage), page -> page.statusCode() != 200);
        assertEquals(303, status.statusCode(), status.body());
        assertTrue(admin.get("/admin/accounts").body().contains("Added dev@example.com."));
        assertEquals(List.of("account.added admin 127.0.0.1"), auditRows("dev@example.com"),
                "the poll that stored it is the admin request that started it");
    }

    @Test
    void expiredDeviceCodeSaysSo() {
        BACKEND.oauth().deviceExpired(true).deviceInterval(0);
        String statusPage = admin.submit("/admin/accounts/login/device", Map.of()).headers().firstValue("location")
                .orElseThrow();
        HttpResponse<String> status = Poll.until("the device login to finish", Duration.ofSeconds(20),
                () -> admin.get(statusPage), page -> page.statusCode() != 200);
        assertEquals(400, status.statusCode());
        assertTrue(status.body().contains("device code expired"), status.body());
        assertTrue(accounts.findAll().isEmpty());
    }

    /** The audit-log rows about {@code subject}, oldest first, as "action actor client-address". */
    private static List<Object> auditRows(String subject) {
        return TestDatabase.column("select concat(action, ' ', actor, ' ', client_address) from events "
                + "where category = 'admin' and subject = ? order by id", subject);
    }

    private static String authorizeLink(String html) {
        Matcher matcher = Pattern.compile("href=\"([^\"]+)\"\\s+target=\"_blank\"\\s+rel=\"noopener\"\\s+"
                + "id=\"authorize-link\"").matcher(html);
        assertTrue(matcher.find(), html);
        return matcher.group(1).replace("&amp;", "&");
    }
}
