package io.codexpool.admin.signin;

import java.time.Instant;

/**
 * A completed sign-in, whichever way it came (browser, device code, imported auth.json): the identity and the tokens.
 */
public record SignIn(String email, String chatgptAccountId, String planType, String idToken, String accessToken,
                     String refreshToken, Instant lastRefreshAt) {

    /**
     * Reads the identity from the id token; {@code fallbackAccountId} serves when the token names no ChatGPT account.
     */
    public static SignIn of(String idToken, String accessToken, String refreshToken, String fallbackAccountId,
                            Instant lastRefreshAt) throws InvalidTokenException {
        IdTokenClaims claims = IdTokenClaims.decode(idToken);
        String accountId = claims.chatgptAccountId() != null ? claims.chatgptAccountId() : fallbackAccountId;
        if (accountId == null && claims.email() == null) {
            throw new InvalidTokenException("The id token names neither an email nor a ChatGPT account id, so the "
                    + "account cannot be identified.");
        }
        return new SignIn(claims.email(), accountId, claims.planType(), idToken, accessToken, refreshToken,
                lastRefreshAt);
    }

    @Override
    public String toString() {
        return "SignIn[email=" + email + ", chatgptAccountId=" + chatgptAccountId + ", tokens hidden]";
    }
}
