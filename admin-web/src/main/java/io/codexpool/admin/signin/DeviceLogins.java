package io.codexpool.admin.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import io.codexpool.admin.auth.Actor;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Device-code sign-in, for an admin whose browser cannot reach this machine: shows a user code to enter at the auth
 * server, then polls at the interval the server asked for until the sign-in completes, fails or expires.
 */
@ApplicationScoped
public class DeviceLogins {
    private static final Logger LOG = Logger.getLogger(DeviceLogins.class.getName());
    /** OpenAI's device codes live 15 minutes. */
    private static final Duration EXPIRES_AFTER = Duration.ofMinutes(15);
    /** A server asking for no wait at all still gets a short pause between polls. */
    private static final Duration MIN_INTERVAL = Duration.ofMillis(200);
    /** Finished sign-ins stay visible this long, for the status page. */
    private static final Duration KEEP_FINISHED = Duration.ofMinutes(15);

    private final OAuthClient oauth;
    private final AccountEnrollment enrollment;
    private final Clock clock;
    private final Map<String, DeviceLogin> logins = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> polls = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("codexpool-device-login").factory());

    @Inject
    public DeviceLogins(OAuthClient oauth, AccountEnrollment enrollment, Clock clock) {
        this.oauth = oauth;
        this.enrollment = enrollment;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /**
     * Asks the auth server for a user code and starts polling for the sign-in.
     *
     * @param actor the admin request that started it: the poll that stores the account, later, is no request
     */
    public DeviceLogin start(Actor actor) throws LoginFailed {
        forgetOldOnes();
        OAuthClient.DeviceCode code = oauth.requestDeviceCode();
        Duration interval = Duration.ofSeconds(Math.max(0, code.intervalSeconds()));
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            interval = MIN_INTERVAL;
        }
        Instant now = clock.instant();
        DeviceLogin login = new DeviceLogin(UUID.randomUUID().toString(), code.userCode(),
                oauth.deviceVerificationUrl(), interval, now.plus(EXPIRES_AFTER), DeviceLogin.State.PENDING, null,
                now);
        logins.put(login.id(), login);
        polls.put(login.id(), poller.scheduleWithFixedDelay(() -> poll(login.id(), code, actor), interval.toMillis(),
                interval.toMillis(), TimeUnit.MILLISECONDS));
        return login;
    }

    public Optional<DeviceLogin> find(String id) {
        return Optional.ofNullable(id == null ? null : logins.get(id));
    }

    private void poll(String id, OAuthClient.DeviceCode code, Actor actor) {
        DeviceLogin login = logins.get(id);
        if (login == null || login.state() != DeviceLogin.State.PENDING) {
            return;
        }
        if (clock.instant().isAfter(login.expiresAt())) {
            finish(login, DeviceLogin.State.FAILED, "The device code expired before the sign-in was completed. "
                    + "Nothing was stored; start a new device sign-in.");
            return;
        }
        try {
            Optional<SignIn> signIn = oauth.pollDevice(code);
            if (signIn.isPresent()) {
                AccountEnrollment.Enrolled enrolled = enrollment.enroll(signIn.get(), actor);
                LOG.info(() -> (enrolled.created() ? "added" : "signed in again") + " account "
                        + enrolled.account().getId() + " by device code");
                finish(login, DeviceLogin.State.DONE, enrolled.summary() + ".");
            }
        } catch (LoginFailed e) {
            finish(login, DeviceLogin.State.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            finish(login, DeviceLogin.State.FAILED, "The sign-in could not be stored: " + e.getMessage());
        }
    }

    private void finish(DeviceLogin login, DeviceLogin.State state, String message) {
        logins.put(login.id(), login.finished(state, message, clock.instant()));
        ScheduledFuture<?> poll = polls.remove(login.id());
        if (poll != null) {
            poll.cancel(false);
        }
    }

    private void forgetOldOnes() {
        Instant cutoff = clock.instant().minus(KEEP_FINISHED);
        logins.values().removeIf(login -> login.state() != DeviceLogin.State.PENDING
                && login.updatedAt().isBefore(cutoff));
    }
}
