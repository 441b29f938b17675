package io.codexpool.admin.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.codexpool.admin.auth.Actor;
import io.codexpool.proxy.fake.FakeChatGptBackend;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;

import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.AddConfig;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** A new account's usage is read at once, whatever else the container's asynchronous events are doing. */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(FirstUsageReadTest.Holder.class)
// the regular poll stays out of the way: only the first read may ask for the new account's usage
@AddConfig(key = "codexpool.jobs.lease-seconds", value = "3000000")
@AddConfig(key = "codexpool.usage.poll-seconds", value = "1000000")
@AddConfig(key = "codexpool.models.refresh-seconds", value = "1000000")
class FirstUsageReadTest {
    private static final FakeChatGptBackend BACKEND = ProxyTestKit.BACKEND;
    /** More than that pool has threads: the rest wait in its queue, ahead of anything fired after them. */
    private static final int HOLDS = 64;
    private static final CountDownLatch HOLDING = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** An asynchronous event whose observer keeps its thread until the test lets it go. */
    record Hold() {
    }

    @ApplicationScoped
    public static class Holder {
        void hold(@ObservesAsync Hold hold) throws InterruptedException {
            HOLDING.countDown();
            assertTrue(RELEASE.await(60, TimeUnit.SECONDS));
        }
    }

    @Inject
    Event<Hold> holds;
    @Inject
    AccountEnrollment enrollment;

    @Test
    void aNewAccountsUsageIsReadWhileOtherEventsHoldTheContainersEventPool() throws Exception {
        try {
            for (int i = 0; i < HOLDS; i++) {
                holds.fireAsync(new Hold());
            }
            assertTrue(HOLDING.await(10, TimeUnit.SECONDS), "the container's event pool is busy");
            String access = BACKEND.account("acc-first").accessToken();

            enrollment.enroll(new SignIn("first@example.com", "acc-first", "plus", "id-first", access,
                    "refresh-first", Instant.now()), new Actor("admin", "192.0.2.10"));

            Poll.until("the new account's first usage read", Duration.ofSeconds(10),
                    () -> !BACKEND.requests("acc-first", "/wham/usage").isEmpty());
        } finally {
            RELEASE.countDown();
        }
    }
}
