package io.codexpool.admin.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInLimiterTest {
    @Test
    void guessesSentAllAtOnceGetNoMoreThanTheLimit() throws Exception {
        SignInLimiter limiter = new SignInLimiter();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> admitted = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 40; i++) {
                admitted.add(threads.submit(() -> {
                    start.await();
                    return limiter.admit("203.0.113.7").isEmpty();
                }));
            }
            start.countDown();
            int count = 0;
            for (Future<Boolean> attempt : admitted) {
                count += attempt.get() ? 1 : 0;
            }
            assertEquals(SignInLimiter.MAX_FAILURES, count);
        }
        assertTrue(limiter.admit("203.0.113.7").isPresent(), "the address waits");
        assertTrue(limiter.admit("198.51.100.1").isEmpty(), "other addresses are not affected");
    }

    @Test
    void aRightPasswordDoesNotCountAgainstTheAddress() {
        SignInLimiter limiter = new SignInLimiter();
        for (int i = 0; i < SignInLimiter.MAX_FAILURES * 3; i++) {
            assertTrue(limiter.admit("203.0.113.8").isEmpty(), "attempt " + i);
            limiter.succeeded("203.0.113.8");
        }
    }
}
