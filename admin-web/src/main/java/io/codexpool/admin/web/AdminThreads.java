package io.codexpool.admin.web;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.helidon.common.context.Context;
import io.helidon.common.context.Contexts;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.interceptor.Interceptor;

/**
 * Serves the admin site and the admin API ({@code /admin/...}, {@code /api/admin/...}) on a few platform threads of
 * their own; every other path (proxy routes, health, metrics) stays on Helidon's virtual threads. Virtual threads
 * share one carrier thread per core and are never preempted, so a dashboard load spending tens of milliseconds of CPU
 * on reads and rendering held one of the two carriers for that long, and proxied turns queued for the other (the
 * history benchmark measured proxied time to first byte p50 2.2 ms higher while an admin reloaded the dashboard in a
 * loop). The operating system time-slices platform threads against the carriers instead. The request's virtual thread
 * waits, unmounted, for the admin thread to have answered. Admin requests that wait rather than work (a slow client's
 * body or a CSV export read slowly) hold their thread too, so when every admin thread is taken a request is served on
 * its virtual thread rather than queued: a few slow clients never lock the admin out.
 */
@ApplicationScoped
public class AdminThreads implements Filter {
    /** Before Helidon builds its routing and starts the server ({@code PLATFORM_AFTER + 100}). */
    private static final int BEFORE_SERVER_START = Interceptor.Priority.PLATFORM_AFTER + 50;
    /** Bounds the operating-system threads that admin traffic can make; they are started as needed. */
    static final int MAX_THREADS = 64;

    private final ThreadPoolExecutor threads = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Thread.ofPlatform().name("admin-", 1).daemon().factory());

    void register(@Observes @Priority(BEFORE_SERVER_START) @Initialized(ApplicationScoped.class) Object event,
                  BeanManager beans) {
        beans.getExtension(ServerCdiExtension.class).serverRoutingBuilder().addFilter(this);
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        if (!admin(request.path().rawPath())) {
            chain.proceed();
            return;
        }
        Context context = Contexts.context().orElseGet(Contexts::globalContext);
        Future<?> answered;
        try {
            answered = threads.submit(() -> Contexts.runInContext(context, chain::proceed));
        } catch (RejectedExecutionException everyThreadTaken) {
            chain.proceed();
            return;
        }
        await(answered);
    }

    static boolean admin(String path) {
        return path.equals("/admin") || path.startsWith("/admin/")
                || path.equals("/api/admin") || path.startsWith("/api/admin/");
    }

    /** Uninterruptibly: the request and its response stay in the admin thread's hands until it is done with them. */
    private static void await(Future<?> answered) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    answered.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e.getCause() instanceof RuntimeException unchecked ? unchecked
                            : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
