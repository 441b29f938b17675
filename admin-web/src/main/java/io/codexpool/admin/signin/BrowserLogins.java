package io.codexpool.admin.signin;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import io.codexpool.admin.auth.Actor;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * "Sign in with ChatGPT" (OAuth with PKCE). Starting a sign-in opens a short-lived listener on
 * {@code localhost:<callback-port><callback-path>} for the browser's redirect; when the browser is on another
 * machine the admin pastes the redirect URL instead. Either way the {@code state} must match a sign-in started here.
 */
@ApplicationScoped
public class BrowserLogins {
    private static final Logger LOG = Logger.getLogger(BrowserLogins.class.getName());
    /** How long a started sign-in (and the listener) waits for the browser. */
    private static final Duration PENDING_FOR = Duration.ofMinutes(10);

    private final OAuthClient oauth;
    private final AccountEnrollment enrollment;
    private final Clock clock;
    private final int callbackPort;
    private final String callbackPath;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private CallbackListener listener;

    @Inject
    public BrowserLogins(OAuthClient oauth, AccountEnrollment enrollment, Clock clock,
                         @ConfigProperty(name = "codexpool.auth.callback-port", defaultValue = "1455")
                         int callbackPort,
                         @ConfigProperty(name = "codexpool.auth.callback-path", defaultValue = "/auth/callback")
                         String callbackPath) {
        this.oauth = oauth;
        this.enrollment = enrollment;
        this.clock = clock;
        this.callbackPort = callbackPort;
        this.callbackPath = callbackPath.startsWith("/") ? callbackPath : "/" + callbackPath;
    }

    /**
     * Starts a sign-in.
     *
     * @param returnTo where the callback page sends the browser afterwards (the admin's Accounts page)
     * @param actor    the admin request starting it, which the local callback (no admin session) completes for
     */
    public synchronized Started start(String returnTo, Actor actor) {
        dropExpired();
        boolean listening = ensureListening();
        int port = listening ? listener.port() : callbackPort;
        String redirectUri = "http://localhost:" + port + callbackPath;
        Pkce pkce = Pkce.create();
        pending.put(pkce.state(), new Pending(pkce.verifier(), redirectUri, clock.instant().plus(PENDING_FOR),
                returnTo, actor));
        return new Started(oauth.authorizeUrl(redirectUri, pkce), redirectUri, listening);
    }

    /**
     * Completes the sign-in whose {@code state} this is; a state not started here is refused and stores nothing.
     *
     * @param actor the admin request completing it, or null for the local callback: then the one that started it
     */
    private AccountEnrollment.Enrolled complete(String code, String state, Actor actor) throws LoginFailed {
        if (state == null || state.isBlank() || code == null || code.isBlank()) {
            throw new LoginFailed("The redirect lacks a code or a state. Paste the whole address the browser ended "
                    + "on (it starts with http://localhost).");
        }
        Pending login = pending.remove(state);
        if (login == null || login.expiresAt().isBefore(clock.instant())) {
            throw new LoginFailed("This sign-in answer does not match a sign-in started here (unknown or expired "
                    + "state). Nothing was stored; start the sign-in again.");
        }
        try {
            SignIn signIn = oauth.exchangeCode(code, login.verifier(), login.redirectUri());
            AccountEnrollment.Enrolled enrolled = enrollment.enroll(signIn, actor != null ? actor : login.startedBy());
            LOG.info(() -> (enrolled.created() ? "added" : "signed in again") + " account " + enrolled.account().getId()
                    + " by browser sign-in");
            return enrolled;
        } finally {
            // Not on this thread: it may be the listener's own, still answering the browser.
            Thread.ofVirtual().start(this::stopListenerWhenIdle);
        }
    }

    /** The pasted-redirect path: the address the browser ended on, with its {@code code} and {@code state}. */
    public AccountEnrollment.Enrolled completeFromRedirect(String redirectUrl, Actor pastedBy) throws LoginFailed {
        return completeFrom(redirectUrl, pastedBy);
    }

    /** The local callback's path: the browser's redirect, on behalf of the admin who started the sign-in. */
    AccountEnrollment.Enrolled completeFromCallback(String redirectUrl) throws LoginFailed {
        return completeFrom(redirectUrl, null);
    }

    private AccountEnrollment.Enrolled completeFrom(String redirectUrl, Actor actor) throws LoginFailed {
        Map<String, String> query = query(redirectUrl);
        if (query.containsKey("error")) {
            throw new LoginFailed("The sign-in was not completed: " + query.get("error")
                    + (query.containsKey("error_description") ? " (" + query.get("error_description") + ")" : "")
                    + ". Nothing was stored.");
        }
        return complete(query.get("code"), query.get("state"), actor);
    }

    /** Where the callback page sends the browser afterwards, if the sign-in with that state said. */
    String returnTo(String state) {
        Pending login = state == null ? null : pending.get(state);
        return login == null ? null : login.returnTo();
    }

    String callbackPath() {
        return callbackPath;
    }

    static Map<String, String> query(String url) throws LoginFailed {
        String rawQuery;
        try {
            rawQuery = URI.create(url == null ? "" : url.strip()).getRawQuery();
        } catch (IllegalArgumentException e) {
            throw new LoginFailed("That is not a web address. Paste the whole address the browser ended on.");
        }
        Map<String, String> values = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private boolean ensureListening() {
        if (listener != null) {
            return true;
        }
        try {
            listener = CallbackListener.open(callbackPort, callbackPath, this);
            return true;
        } catch (IOException e) {
            LOG.warning(() -> "cannot listen on localhost:" + callbackPort + " for the sign-in callback ("
                    + e.getMessage() + "); the pasted redirect URL still works");
            return false;
        }
    }

    private void dropExpired() {
        Instant now = clock.instant();
        pending.values().removeIf(login -> login.expiresAt().isBefore(now));
    }

    private synchronized void stopListenerWhenIdle() {
        dropExpired();
        if (pending.isEmpty() && listener != null) {
            listener.close();
            listener = null;
        }
    }

    /** Closes the listener once every started sign-in has expired; called by the listener's own timer. */
    synchronized void expire() {
        stopListenerWhenIdle();
    }

    @PreDestroy
    synchronized void stop() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    /**
     * @param authorizeUrl where to send the admin's browser
     * @param redirectUri  where the browser comes back to
     * @param listening    whether this replica listens there; when not, only the pasted URL completes the sign-in
     */
    public record Started(URI authorizeUrl, String redirectUri, boolean listening) {
    }

    private record Pending(String verifier, String redirectUri, Instant expiresAt, String returnTo, Actor startedBy) {
        @Override
        public String toString() {
            return "Pending[expiresAt=" + expiresAt + "]";
        }
    }
}
