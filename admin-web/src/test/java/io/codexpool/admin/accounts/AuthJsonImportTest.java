package io.codexpool.admin.accounts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.codexpool.admin.signin.IdTokenClaims;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthJsonImportTest {
    @Test
    void readsIdentityFromTheIdTokenAndKeepsTheTokens() throws Exception {
        AuthJsonImport parsed = parse(FakeAuthJson.authJson("dev@example.com", "acc-123", "plus"));
        assertEquals("dev@example.com", parsed.email());
        assertEquals("acc-123", parsed.chatgptAccountId());
        assertEquals("plus", parsed.planType());
        assertEquals(FakeAuthJson.REFRESH_TOKEN, parsed.refreshToken());
        assertEquals(FakeAuthJson.accessToken(), parsed.accessToken());
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), parsed.lastRefreshAt());
        assertFalse(parsed.toString().contains(FakeAuthJson.REFRESH_TOKEN), "toString hides tokens");
    }

    @Test
    void acceptsCamelCaseAndFallsBackToTokensAccountId() throws Exception {
        String idToken = FakeAuthJson.idToken("dev@example.com", "", "pro");
        AuthJsonImport parsed = parse("{\"tokens\":{\"idToken\":\"" + idToken + "\",\"accessToken\":\"a.b.c\","
                + "\"refreshToken\":\"r\",\"accountId\":\"fallback-id\"},\"lastRefresh\":\"2026-11-21T00:00:00Z\"}");
        assertEquals("fallback-id", parsed.chatgptAccountId());
        assertEquals("pro", parsed.planType());
        assertEquals(Instant.parse("2026-11-21T00:00:00Z"), parsed.lastRefreshAt());
    }

    @Test
    void badJsonGivesAReadableMessageWithoutQuotingTheInput() {
        AuthJsonException e = assertThrows(AuthJsonException.class, () -> parse("{\"tokens\": {\"refresh_token\":"
                + " \"rt_secret\""));
        assertTrue(e.getMessage().startsWith("This is not valid JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("rt_secret"));
    }

    @Test
    void missingTokensAreNamed() {
        assertEquals("tokens.refresh_token is missing or empty.", assertThrows(AuthJsonException.class,
                () -> parse("{\"tokens\":{\"id_token\":\"a.b.c\",\"access_token\":\"x\"}}")).getMessage());
        assertTrue(assertThrows(AuthJsonException.class, () -> parse("{\"OPENAI_API_KEY\":\"sk-x\"}"))
                .getMessage().contains("no \"tokens\" object"));
        assertTrue(assertThrows(AuthJsonException.class, () -> parse("{\"tokens\":{\"id_token\":\"notajwt\","
                + "\"access_token\":\"x\",\"refresh_token\":\"y\"}}")).getMessage().contains("not a JWT"));
    }

    @Test
    void inputOverOneMebibyteIsRefusedBeforeParsing() {
        byte[] big = new byte[5 * 1024 * 1024];
        AuthJsonException e = assertThrows(AuthJsonException.class, () -> AuthJsonImport.parse(big));
        assertTrue(e.getMessage().contains("larger than 1 MiB"), e.getMessage());
    }

    @Test
    void accessTokenExpiryComesFromItsExpClaim() {
        assertEquals(Instant.ofEpochSecond(4102444800L), IdTokenClaims.expiry(FakeAuthJson.accessToken()));
        assertNull(IdTokenClaims.expiry("opaque-token"));
    }

    private static AuthJsonImport parse(String json) throws AuthJsonException {
        return AuthJsonImport.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
