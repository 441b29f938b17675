package io.codexpool.proxy.replies;

import java.util.function.Function;

import io.codexpool.proxy.pipeline.ClientReplies;
import io.codexpool.proxy.pipeline.OpenedStream;
import io.codexpool.proxy.pipeline.ReplyWriter;
import io.codexpool.proxy.pipeline.StreamRelay;
import io.codexpool.proxy.pipeline.TurnEnd;
import io.codexpool.proxy.pipeline.TurnError;
import io.codexpool.proxy.pipeline.TurnErrors;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.EventSink;
import io.codexpool.proxy.usage.PoolUsage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * The answers of the HTTP proxy routes: one writer per client format, and failures as OpenAI-shaped JSON with their
 * status. Every answer carries {@code x-request-id} and the pool's usage headers.
 */
@ApplicationScoped
public class HttpReplies {
    /** How an HTTP client wants its answer. */
    public enum Format {
        /** The upstream SSE as it is. */
        SSE,
        /** The final Response object. */
        RESPONSE_OBJECT,
        /** Chat Completions chunks. */
        CHAT_STREAM,
        /** One chat.completion. */
        CHAT_OBJECT,
        /** The upstream compact JSON, unchanged. */
        COMPACT
    }

    private final PoolUsage poolUsage;
    private final TurnErrors errors;

    @Inject
    public HttpReplies(PoolUsage poolUsage, TurnErrors errors) {
        this.poolUsage = poolUsage;
        this.errors = errors;
    }

    /** The replies of a route on which the client's body (as it sent it) decides the format. */
    public ClientReplies<HttpAnswer> as(Function<ObjectNode, Format> format) {
        return new ClientReplies<>() {
            @Override
            public ReplyWriter<HttpAnswer> writer(ObjectNode clientBody) {
                return HttpReplies.this.writer(format.apply(clientBody), clientBody);
            }

            @Override
            public HttpAnswer error(TurnError error, String requestId) {
                return withHeaders(answer(error), requestId);
            }
        };
    }

    /** The HTTP form of a failure: its status, the OpenAI error body, and the headers it asks for. */
    public static HttpAnswer answer(TurnError error) {
        if (error.body() == null) {
            return HttpAnswer.empty(error.status());
        }
        HttpAnswer answer = HttpAnswer.json(error.status(), Json.bytes(error.body()));
        if (error.retryAfterSeconds() != null) {
            answer.headers().put("Retry-After", error.retryAfterSeconds().toString());
        }
        if (error.bearerChallenge()) {
            answer.headers().put("WWW-Authenticate", "Bearer");
        }
        return answer;
    }

    /** As {@link #answer(TurnError)}, for JAX-RS. */
    public static Response response(TurnError error) {
        return response(answer(error));
    }

    public static Response json(int status, ObjectNode body) {
        return response(HttpAnswer.json(status, Json.bytes(body)));
    }

    /** The JAX-RS response that writes {@code answer}: a streamed body is written when Jersey writes the entity. */
    public static Response response(HttpAnswer answer) {
        Response.ResponseBuilder builder = Response.status(answer.status());
        if (answer.json() != null) {
            builder.entity(answer.json()).type(answer.contentType());
        } else if (answer.stream() != null) {
            builder.entity((StreamingOutput) answer.stream()::writeTo).type(answer.contentType());
        }
        answer.headers().forEach(builder::header);
        return builder.build();
    }

    private ReplyWriter<HttpAnswer> writer(Format format, ObjectNode client) {
        boolean includeUsage = client.path("stream_options").path("include_usage").asBoolean(false);
        return switch (format) {
            case SSE -> (opened, end) -> streamed(end, out -> StreamRelay.toClient(opened, out, RawSseSink::new, end));
            case CHAT_STREAM -> (opened, end) -> streamed(end, out -> StreamRelay.toClient(opened, out,
                    body -> new ChatChunkSink(body, end.record().model(), includeUsage), end));
            case RESPONSE_OBJECT -> this::responseObject;
            case CHAT_OBJECT -> this::chatObject;
            case COMPACT -> this::compact;
        };
    }

    /** The answer streams once the server writes its body; the relay ends the turn. */
    private HttpAnswer streamed(TurnEnd end, HttpAnswer.Body relay) {
        return withHeaders(HttpAnswer.streamed(relay), end.record().requestId());
    }

    private HttpAnswer responseObject(OpenedStream opened, TurnEnd end) {
        FinalResponseCollector collector = new FinalResponseCollector();
        RequestRecord record = collect(opened, collector, end);
        JsonNode response = collector.response();
        if (collector.errorEvent() != null) {
            return finish(end, errors.errorEvent(collector.errorEvent()));
        }
        if (response == null || record.errorCode() != null
                && !"response.completed".equals(response.path("status").asText())
                && response.path("error").isObject()) {
            return finish(end, TurnErrors.failedResponse(response != null ? response.path("error") : null));
        }
        return finish(end, Json.bytes(response));
    }

    private HttpAnswer chatObject(OpenedStream opened, TurnEnd end) {
        ChatChunkSink sink = new ChatChunkSink(null, end.record().model(), false);
        collect(opened, sink, end);
        if (sink.errorEvent() != null) {
            return finish(end, errors.errorEvent(sink.errorEvent()));
        }
        if (sink.error() != null) {
            return finish(end, TurnErrors.failedResponse(sink.error()));
        }
        return finish(end, Json.bytes(sink.completion()));
    }

    /** The one JSON document upstream answered, as it came. */
    private HttpAnswer compact(OpenedStream opened, TurnEnd end) {
        return finish(end, StreamRelay.document(opened, end));
    }

    private static RequestRecord collect(OpenedStream opened, EventSink sink, TurnEnd end) {
        try (opened) {
            StreamRelay.relay(opened, sink, end);
        }
        return end.record();
    }

    private HttpAnswer finish(TurnEnd end, byte[] json) {
        end.finish(200);
        return withHeaders(HttpAnswer.json(200, json), end.record().requestId());
    }

    private HttpAnswer finish(TurnEnd end, TurnError error) {
        end.finish(error.status());
        return withHeaders(answer(error), end.record().requestId());
    }

    private HttpAnswer withHeaders(HttpAnswer answer, String requestId) {
        answer.headers().put("x-request-id", requestId);
        answer.headers().putAll(poolUsage.headers());
        return answer;
    }
}
