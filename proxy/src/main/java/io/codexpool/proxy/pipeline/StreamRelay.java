package io.codexpool.proxy.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.function.Function;

import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.EventSink;
import io.codexpool.proxy.upstream.EventTooLargeException;
import io.codexpool.proxy.upstream.FailureEvent;
import io.codexpool.proxy.upstream.SseEvent;
import io.codexpool.proxy.upstream.TerminalEvent;
import io.codexpool.proxy.upstream.UpstreamError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Moves events from an opened upstream stream to a sink one at a time, as they arrive. A stream that breaks, goes
 * silent or sends an oversized event ends with a synthesized {@code response.failed}, so the client never hangs.
 */
public final class StreamRelay {
    /** The client went away; nothing more can be sent. */
    public static final class ClientGone extends RuntimeException {
        ClientGone(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private StreamRelay() {
    }

    /**
     * Relays a stream to a client and ends the turn: 200 when the stream was relayed to its end, 499 when the client
     * went away. An unexpected failure is logged as 500 {@code internal_error} and passed on.
     */
    public static void toClient(OpenedStream opened, EventSink sink, TurnEnd end) {
        toClient(opened, sink, end, () -> { });
    }

    /**
     * As {@link #toClient(OpenedStream, EventSink, TurnEnd)}, into an HTTP response body through the sink
     * {@code sinkOf} makes for it. When upstream says before it reads from the network, the body is flushed then
     * rather than after every event ({@link FlushBeforeWait}): on CPU-bound streams that was a write, a chunk and a
     * client wake-up per event.
     */
    public static void toClient(OpenedStream opened, OutputStream body, Function<OutputStream, EventSink> sinkOf,
                                TurnEnd end) {
        FlushBeforeWait deferred = new FlushBeforeWait(body);
        boolean flushBeforeWait = opened.events().beforeWaiting(deferred::flushIfDue);
        toClient(opened, sinkOf.apply(flushBeforeWait ? deferred : body), end, deferred::flushIfDue);
    }

    private static void toClient(OpenedStream opened, EventSink sink, TurnEnd end, Runnable flush) {
        int status = 500;
        try (opened) {
            relay(opened, sink, end);
            flush.run();
            status = 200;
        } catch (ClientGone | RequestCancelled e) {
            status = 499;
            end.record().error("client_closed", "client went away: " + e.getMessage());
        } catch (RuntimeException e) {
            end.record().error("internal_error", e.getClass().getSimpleName());
            throw e;
        } finally {
            end.finish(status);
        }
    }

    /** A reply that is one JSON document (compact): its bytes as they came, its usage noted on the turn's record. */
    public static byte[] document(OpenedStream opened, TurnEnd end) {
        try (opened) {
            JsonNode json = opened.firstEvent().json();
            if (json != null) {
                end.record().usage(json.get("usage"));
            }
            return opened.firstEvent().raw();
        }
    }

    /**
     * Relays a stream into {@code sink} (through the turn's chain, which keeps what it needs of each event), noting
     * on the turn's record what the events say, until the stream ends.
     */
    public static void relay(OpenedStream stream, EventSink client, TurnEnd end) {
        RequestRecord record = end.record();
        EventSink sink = end.through(client);
        SseEvent event = stream.firstEvent();
        try {
            while (event != null) {
                observe(event, record);
                if (event.endsStream()) {
                    sendLast(sink, end, event); // what upstream reported is the end: nothing synthesized after it
                    return;
                }
                send(sink, event);
                event = stream.events().next();
            }
            fail(sink, end, "stream_incomplete", "upstream closed the stream before it completed");
        } catch (SocketTimeoutException e) {
            fail(sink, end, "stream_idle_timeout", "upstream sent nothing for too long");
        } catch (EventTooLargeException e) {
            fail(sink, end, "stream_event_too_large", e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            fail(sink, end, "stream_incomplete", "upstream stream broke: " + e.getMessage());
        }
    }

    private static void observe(SseEvent event, RequestRecord record) {
        String type = event.type();
        if (type == null) {
            return;
        }
        if (type.endsWith(".delta")) {
            record.firstToken();
        } else if (event.terminal()) {
            TerminalEvent terminal = TerminalEvent.of(event);
            if (terminal != null) {
                record.usage(terminal.usage());
                JsonNode error = terminal.error();
                if (!"response.completed".equals(type) && error != null) {
                    record.error(error.path("code").asText(type), error.path("message").asText(null));
                } else if ("response.incomplete".equals(type)) {
                    record.error("response_incomplete", terminal.incompleteReason());
                }
            }
        } else if ("error".equals(type)) {
            UpstreamError error = FailureEvent.of(event, Instant.now()).error();
            record.error(error.code() == null ? "error" : error.code(), error.message());
        }
    }

    private static void fail(EventSink sink, TurnEnd end, String code, String message) {
        end.record().error(code, message);
        sendLast(sink, end, failure(code, message));
    }

    /**
     * Sends the turn's last event once upstream is done with it: the API key's place is freed first, since a client
     * may start its next turn as soon as it sees the end, before the turn is logged.
     */
    private static void sendLast(EventSink sink, TurnEnd end, SseEvent event) {
        end.answered();
        send(sink, event);
    }

    /** A {@code response.failed} event made here. */
    public static SseEvent failure(String code, String message) {
        ObjectNode error = Json.object().put("code", code).put("message", message);
        ObjectNode response = Json.object().put("object", "response").put("status", "failed");
        response.set("error", error);
        ObjectNode data = Json.object().put("type", "response.failed");
        data.set("response", response);
        return SseEvent.of("response.failed", Json.write(data));
    }

    private static void send(EventSink sink, SseEvent event) {
        try {
            sink.accept(event);
        } catch (IOException e) {
            throw new ClientGone(e);
        } catch (UncheckedIOException e) {
            // Helidon's response stream reports a closed client this way: not a broken upstream
            throw new ClientGone(e.getCause());
        }
    }
}
