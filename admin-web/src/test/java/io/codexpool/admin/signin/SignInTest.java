package io.codexpool.admin.signin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.auth.Actor;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.proxy.accounts.AccountPool;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.fake.FakeOAuth;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;

import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adding accounts by signing in: browser (PKCE, local callback or pasted URL) and device code, against the fake. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
// Periodic jobs stay out of the way; nothing here depends on them.
@AddConfig(key = "codexpool.auth.callback-port", value = "0")
@AddConfig(key = "codexpool.jobs.lease-seconds", value = "3000000")
@AddConfig(key = "codexpool.usage.poll-seconds", value = "1000000")
@AddConfig(key = "codexpool.models.refresh-seconds", value = "1000000")
class SignInTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    /** The admin request that starts a sign-in, and one that completes it by pasting the redirect. */
    private static final Actor STARTER = new Actor("admin", "192.0.2.10");
    private static final Actor PASTER = new Actor("admin", "192.0.2.20");

    private final HttpClient http = HttpClient.newHttpClient();

    @Inject
    BrowserLogins browser;
    @Inject
    DeviceLogins devices;
    @Inject
    AccountRepository accounts;
    @Inject
    AccountPool pool;
    @Inject
    TokenCipher cipher;
    @Inject
    AccountEnrollment enrollment;

    @BeforeEach
    void cleanSlate() {
        accounts.findAll().forEach(a -> accounts.delete(a.getId()));
        BACKEND.reset();
        pool.refresh();
    }

    @Test
    void signingInAgainWithAnIdTokenLackingPartOfTheIdentityUpdatesTheSameAccount() {
        // Each sign-in starts a usage read in the background (UsagePoller.readNewAccount) that must leave the stored
        // account as the sign-in made it: with a token the fake did not issue it would refresh and rotate the tokens
        // asserted below, and with the fake's usage answer it would set the plan the fake reports. So the fake takes
        // the sign-ins' access token and its usage endpoint fails, which changes nothing.
        String access = BACKEND.account("acc-no-email").usageEndpoint(500).accessToken();
        SignIn noEmail = new SignIn(null, "acc-no-email", "plus", "id-1", access, "refresh-1", Instant.now());
        SignIn noAccountId = new SignIn("only@example.com", null, "plus", "id-2", "access-2", "refresh-2",
                Instant.now());
        assertTrue(enrollment.enroll(noEmail, STARTER).created());
        assertTrue(enrollment.enroll(noAccountId, STARTER).created(), "a different identity");
        SignIn again = new SignIn(null, "acc-no-email", "pro", "id-3", access, "refresh-3", Instant.now());
        assertFalse(enrollment.enroll(again, STARTER).created(), "the same identity signs in again");
        assertFalse(enrollment.enroll(noAccountId, STARTER).created());
        assertEquals(2, accounts.findAll().size());
        Account updated = accounts.findByIdentity("acc-no-email", null).orElseThrow();
        assertEquals("refresh-3", cipher.decrypt(updated.getRefreshTokenEncrypted()));
        assertEquals("pro", updated.getPlanType());
    }

    @Test
    void authorizeUrlCarriesClientIdS256ChallengeStateAndTheLocalRedirect() {
        BrowserLogins.Started started = browser.start("http://admin.example/admin/accounts", STARTER);
        Map<String, String> query = query(started.authorizeUrl());
        assertTrue(started.authorizeUrl().toString().startsWith(BACKEND.authBaseUrl() + "/oauth/authorize?"));
        assertEquals("code", query.get("response_type"));
        assertEquals(FakeOAuth.CLIENT_ID, query.get("client_id"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertEquals(43, query.get("code_challenge").length(), "base64url SHA-256");
        assertTrue(query.get("state").length() >= 32);
        assertTrue(query.get("scope").contains("offline_access"));
        assertTrue(started.listening());
        assertTrue(query.get("redirect_uri").matches("http://localhost:\\d+/auth/callback"), query.get("redirect_uri"));
        assertEquals(started.redirectUri(), query.get("redirect_uri"));
    }

    @Test
    void callbackWithAWrongStateIsRefusedAndTheRightOneCreatesTheAccount() throws Exception {
        BACKEND.oauth().issueFor("acc-new", "new@example.com", "pro");
        BrowserLogins.Started started = browser.start(null, STARTER);
        URI redirect = followAuthorize(started.authorizeUrl());
        String forged = redirect.toString().replaceAll("state=[^&]+", "state=forged");

        HttpResponse<String> refused = get(localhost(forged));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("does not match a sign-in started here"), refused.body());
        assertTrue(accounts.findAll().isEmpty(), "nothing stored");
        assertEquals(0, BACKEND.oauth().exchangeCount(), "no code exchange for a wrong state");

        HttpResponse<String> accepted = get(localhost(redirect.toString()));
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("new@example.com"));
        Account account = single();
        assertEquals("new@example.com", account.getEmail());
        assertEquals("acc-new", account.getChatgptAccountId());
        assertEquals("pro", account.getPlanType());
        assertEquals(BACKEND.account("acc-new").accessToken(), cipher.decrypt(account.getAccessTokenEncrypted()));
        assertTrue(cipher.decrypt(account.getRefreshTokenEncrypted()).startsWith("refresh-acc-new-"));
        assertFalse(new String(account.getAccessTokenEncrypted()).contains("access-acc-new"), "stored encrypted");
        assertTrue(pool.get(account.getId()).isPresent(), "routable at once");
        assertEquals(List.of("account.added admin 192.0.2.10 plan pro"), auditRows("new@example.com"),
                "the callback has no admin session: the row names the admin request that started the sign-in");
    }

    @Test
    void pastedRedirectUrlCreatesTheAccountAndAReLoginUpdatesItInsteadOfDuplicating() throws Exception {
        BACKEND.oauth().issueFor("acc-paste", "paste@example.com", "plus");
        URI redirect = followAuthorize(browser.start(null, STARTER).authorizeUrl());
        assertTrue(browser.completeFromRedirect(redirect.toString(), PASTER).created());
        Account first = single();
        first.setStatus(AccountStatus.DEACTIVATED);
        first.setDeactivationReason("Token refresh refused (refresh_token_reused)");
        accounts.save(first);

        assertThrows(LoginFailed.class, () -> browser.completeFromRedirect(redirect.toString(), PASTER),
                "a state is good for one sign-in only");
        URI again = followAuthorize(browser.start(null, STARTER).authorizeUrl());
        assertFalse(browser.completeFromRedirect(again.toString(), PASTER).created());
        Account updated = single();
        assertEquals(first.getId(), updated.getId());
        assertEquals(AccountStatus.ACTIVE, updated.getStatus());
        assertNull(updated.getDeactivationReason());
        assertEquals(BACKEND.account("acc-paste").accessToken(), cipher.decrypt(updated.getAccessTokenEncrypted()));
        assertEquals(List.of("account.added admin 192.0.2.20 plan plus",
                "account.signed_in_again admin 192.0.2.20 plan plus"), auditRows("paste@example.com"),
                "a pasted redirect is the pasting admin's doing");
    }

    @Test
    void pastedUrlWithoutCodeOrWithAnErrorSaysWhat() {
        assertTrue(assertThrows(LoginFailed.class, () -> browser.completeFromRedirect("not a url at all", PASTER))
                .getMessage().contains("web address"));
        assertTrue(assertThrows(LoginFailed.class, () -> browser.completeFromRedirect(
                "http://localhost:1455/auth/callback?error=access_denied&state=x", PASTER)).getMessage()
                .contains("access_denied"));
        assertTrue(accounts.findAll().isEmpty());
    }

    @Test
    void deviceCodePendingTwiceThenApprovedCreatesTheAccount() throws Exception {
        BACKEND.oauth().issueFor("acc-device", "device@example.com", "team").devicePendingPolls(2).deviceInterval(0);
        DeviceLogin started = devices.start(STARTER);
        assertTrue(started.userCode().startsWith("FAKE-"));
        assertEquals(BACKEND.authBaseUrl() + "/codex/device", started.verificationUrl());
        DeviceLogin done = awaitFinished(started.id());
        assertEquals(DeviceLogin.State.DONE, done.state(), done.message());
        assertEquals(3, BACKEND.oauth().devicePolls(), "two pending answers, then the tokens");
        Account account = single();
        assertEquals("device@example.com", account.getEmail());
        assertEquals("team", account.getPlanType());
        assertNotNull(account.getRefreshTokenEncrypted());
        assertEquals(List.of("account.added admin 192.0.2.10 plan team"), auditRows("device@example.com"),
                "the poll that stored it names the admin request that started it");
    }

    @Test
    void expiredDeviceCodeGivesAClearMessageAndStoresNothing() throws Exception {
        BACKEND.oauth().deviceExpired(true).deviceInterval(0);
        DeviceLogin failed = awaitFinished(devices.start(STARTER).id());
        assertEquals(DeviceLogin.State.FAILED, failed.state());
        assertTrue(failed.message().contains("device code expired"), failed.message());
        int polls = BACKEND.oauth().devicePolls();
        assertEquals(1, polls, "polling stops at expiry");
        assertTrue(accounts.findAll().isEmpty());
    }

    private DeviceLogin awaitFinished(String id) {
        return Poll.until("the device login to finish", Duration.ofSeconds(20), () -> devices.find(id).orElseThrow(),
                login -> login.state() != DeviceLogin.State.PENDING);
    }

    /** The audit-log rows about {@code subject}, oldest first, as "action actor client-address detail". */
    private static List<Object> auditRows(String subject) {
        return TestDatabase.column("select concat(action, ' ', actor, ' ', client_address, ' ', detail) from events "
                + "where category = 'admin' and subject = ? order by id", subject);
    }

    private Account single() {
        List<Account> all = accounts.findAll();
        assertEquals(1, all.size(), "exactly one account");
        return all.getFirst();
    }

    /** What the admin's browser does at the auth server: it is sent back to the redirect URI with code and state. */
    private URI followAuthorize(URI authorizeUrl) throws Exception {
        HttpResponse<String> response = get(authorizeUrl);
        assertEquals(302, response.statusCode());
        return URI.create(response.headers().firstValue("location").orElseThrow());
    }

    /** The callback listener binds the loopback address; "localhost" may resolve to IPv6 first. */
    private static URI localhost(String url) {
        return URI.create(url.replace("://localhost:", "://127.0.0.1:"));
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return values;
    }
}
