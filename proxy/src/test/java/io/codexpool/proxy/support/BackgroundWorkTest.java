package io.codexpool.proxy.support;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackgroundWorkTest {
    @Test
    void everythingIsClosedLastStartedFirstEvenAfterACloseThatFails() {
        List<String> closed = new ArrayList<>();
        BackgroundWork work = new BackgroundWork() {
            @Override
            protected List<AutoCloseable> startWork() {
                return List.of(() -> closed.add("flush"), () -> {
                    closed.add("broken");
                    throw new IllegalStateException("broken");
                }, () -> {
                    closed.add("also broken");
                    throw new IllegalStateException("also broken");
                });
            }
        };
        work.start();

        IllegalStateException failed = assertThrows(IllegalStateException.class, work::stop);

        assertEquals(List.of("also broken", "broken", "flush"), closed);
        assertEquals("also broken", failed.getCause().getMessage());
        assertEquals("broken", failed.getSuppressed()[0].getMessage());
    }
}
