package io.codexpool.admin.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admin work runs on platform threads of its own: admin requests that keep a core busy as long as they like (here as
 * many as there are virtual-thread carriers, each spinning until the proxied turn is done) leave the proxy's virtual
 * threads their carriers. On virtual threads they would hold every carrier, and the turn would never start.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddBean(AdminThreadsTest.SpinningPage.class)
@AddBean(AdminThreadsTest.WaitingPage.class)
class AdminThreadsTest {
    private static final String API_TOKEN = "test-api-token-0123456789";
    private static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
            Runtime.getRuntime().availableProcessors());

    @Inject
    ProxyTestKit kit;
    @Inject
    WebTarget target;

    @Test
    void adminRequestsBusyOnEveryCarrierDoNotHoldUpAProxiedTurn() throws Exception {
        kit.reset(target);
        kit.account("acc-a", 10, 10);
        SpinningPage.started = new CountDownLatch(CARRIERS);
        SpinningPage.release.set(false);
        List<CompletableFuture<HttpResponse<String>>> spinning = new ArrayList<>();
        try {
            for (int i = 0; i < CARRIERS; i++) {
                spinning.add(kit.http().sendAsync(admin("/api/admin/test-spin"), HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(SpinningPage.started.await(30, TimeUnit.SECONDS), "every admin request is spinning");

            HttpResponse<String> turn = kit.http().sendAsync(kit.request("/v1/responses",
                    "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}"), HttpResponse.BodyHandlers.ofString())
                    .get(30, TimeUnit.SECONDS);
            assertEquals(200, turn.statusCode(), turn.body());
        } finally {
            SpinningPage.release.set(true);
        }
        for (CompletableFuture<HttpResponse<String>> page : spinning) {
            HttpResponse<String> answered = page.get(30, TimeUnit.SECONDS);
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals("platform thread", answered.body());
        }
    }

    @Test
    void requestsWaitingOnEveryAdminThreadDoNotLockTheAdminOut() throws Exception {
        kit.reset(target);
        WaitingPage.waiting = new CountDownLatch(AdminThreads.MAX_THREADS);
        WaitingPage.release = new CountDownLatch(1);
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < AdminThreads.MAX_THREADS; i++) {
                waiting.add(kit.http().sendAsync(admin("/api/admin/test-wait"), HttpResponse.BodyHandlers.ofString()));
            }
            assertTrue(WaitingPage.waiting.await(30, TimeUnit.SECONDS), "every admin thread holds a waiting request");

            HttpResponse<String> overview = kit.http().sendAsync(admin("/api/admin/overview"),
                    HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
            assertEquals(200, overview.statusCode(), overview.body());
        } finally {
            WaitingPage.release.countDown();
        }
        for (CompletableFuture<HttpResponse<String>> page : waiting) {
            HttpResponse<String> answered = page.get(30, TimeUnit.SECONDS);
            assertEquals("platform thread", answered.body());
        }
    }

    private HttpRequest admin(String path) {
        return HttpRequest.newBuilder(kit.uri(path)).header("Authorization", "Bearer " + API_TOKEN).build();
    }

    @Test
    void onlyAdminPathsLeaveTheVirtualThreads() {
        assertTrue(AdminThreads.admin("/admin"));
        assertTrue(AdminThreads.admin("/admin/request-logs"));
        assertTrue(AdminThreads.admin("/api/admin/overview"));
        assertFalse(AdminThreads.admin("/administrator"));
        assertFalse(AdminThreads.admin("/v1/responses"));
        assertFalse(AdminThreads.admin("/backend-api/codex/responses"));
        assertFalse(AdminThreads.admin("/health"));
        assertFalse(AdminThreads.admin("/metrics"));
    }

    /** An admin API route that keeps its thread busy, never parking, until the test releases it. */
    @Path("/api/admin/test-spin")
    @ApplicationScoped
    public static class SpinningPage {
        static volatile CountDownLatch started = new CountDownLatch(0);
        static final AtomicBoolean release = new AtomicBoolean();

        @GET
        public String spin() {
            started.countDown();
            while (!release.get()) {
                Thread.onSpinWait();
            }
            return Thread.currentThread().isVirtual() ? "virtual thread" : "platform thread";
        }
    }

    /** An admin API route whose request waits, parked, until the test releases it: a slow client's stand-in. */
    @Path("/api/admin/test-wait")
    @ApplicationScoped
    public static class WaitingPage {
        static volatile CountDownLatch waiting = new CountDownLatch(0);
        static volatile CountDownLatch release = new CountDownLatch(0);

        @GET
        public String await() throws InterruptedException {
            waiting.countDown();
            release.await(60, TimeUnit.SECONDS);
            return Thread.currentThread().isVirtual() ? "virtual thread" : "platform thread";
        }
    }
}
