package io.codexpool.proxy.api.websocket;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.codexpool.proxy.api.ClientRoutes;
import io.codexpool.proxy.transport.UpstreamTransports;

import jakarta.websocket.Session;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientSocketTest {
    /**
     * The relay logs a turn whose frame fails with an IOException as the client gone (499); a socket closed between
     * two frames (the send timeout's close, the client's) was an IllegalStateException and a 500 internal_error.
     */
    @Test
    void aFrameForASocketThatClosedSinceTheLastOneIsTheClientGone() {
        Session closed = (Session) Proxy.newProxyInstance(Session.class.getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBasicRemote" -> throw new IllegalStateException("The connection has been closed.");
                    case "isOpen" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try {
            ClientSocket socket = new ClientSocket(closed, ClientRoutes.V1_RESPONSES, Map.of(), null,
                    new UpstreamTransports.ClientSocketOpener(null, null), timers, Duration.ofMinutes(1),
                    Duration.ofMinutes(1), (self, frame) -> { });

            IOException gone = assertThrows(IOException.class, () -> socket.send("{\"type\":\"response.created\"}"));

            assertEquals(IllegalStateException.class, gone.getCause().getClass());
        } finally {
            timers.shutdownNow();
        }
    }
}
