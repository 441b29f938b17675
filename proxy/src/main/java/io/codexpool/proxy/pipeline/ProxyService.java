package io.codexpool.proxy.pipeline;

import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.codexpool.proxy.chains.ChainStore;
import io.codexpool.proxy.chains.ChainTurn;
import io.codexpool.proxy.errors.ErrorBodies;
import io.codexpool.proxy.errors.InvalidRequest;
import io.codexpool.proxy.errors.RequestCancelled;
import io.codexpool.proxy.apikeys.KeyGate;
import io.codexpool.proxy.apikeys.KeyPolicy;
import io.codexpool.proxy.apikeys.KeyRefused;
import io.codexpool.proxy.apikeys.KeyRefusedMapper;
import io.codexpool.proxy.errors.UpstreamFailure;
import io.codexpool.proxy.replies.ChatChunkSink;
import io.codexpool.proxy.replies.EventSink;
import io.codexpool.proxy.replies.FinalResponseCollector;
import io.codexpool.proxy.replies.ProxyErrors;
import io.codexpool.proxy.replies.RawSseSink;
import io.codexpool.proxy.requestlogs.RequestLogger;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.requests.RequestBodies;
import io.codexpool.proxy.requests.ResponsesNormalizer;
import io.codexpool.proxy.routing.NoAccountAvailable;
import io.codexpool.proxy.settings.SettingsCache;
import io.codexpool.proxy.sticky.StickyKey;
import io.codexpool.proxy.sticky.StickyKeys;
import io.codexpool.proxy.support.Json;
import io.codexpool.proxy.upstream.FailureEvent;
import io.codexpool.proxy.upstream.SseEvent;
import io.codexpool.proxy.upstream.UpstreamCall;
import io.codexpool.proxy.usage.PoolUsage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The proxy routes' common path: read and normalise the body, open upstream with failover, answer in the client's
 * format, and log the request exactly once.
 */
@ApplicationScoped
public class ProxyService {
    private static final Logger LOG = Logger.getLogger(ProxyService.class.getName());

    /** How the client wants the answer. */
    public enum Reply {
        /** The upstream SSE as it is. */
        SSE,
        /** The final Response object. */
        RESPONSE_OBJECT,
        /** Chat Completions chunks. */
        CHAT_STREAM,
        /** One chat.completion. */
        CHAT_OBJECT
    }

    private final FailoverPipeline pipeline;
    private final RequestLogger requestLogger;
    private final PoolUsage poolUsage;
    private final Clock clock;
    private final SettingsCache settings;
    private final KeyGate keys;
    private final ChainStore chains;
    private final long maxBodyBytes;

    @Inject
    public ProxyService(FailoverPipeline pipeline, RequestLogger requestLogger, PoolUsage poolUsage, Clock clock,
                        SettingsCache settings, KeyGate keys, ChainStore chains,
                        @ConfigProperty(name = "codexpool.proxy.max-body-bytes", defaultValue = "33554432")
                        long maxBodyBytes) {
        this.pipeline = pipeline;
        this.requestLogger = requestLogger;
        this.poolUsage = poolUsage;
        this.clock = clock;
        this.settings = settings;
        this.keys = keys;
        this.chains = chains;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A streamed Responses call, answered as {@code reply} decides. */
    public Response stream(String route, HttpHeaders headers, InputStream in,
                           Function<ObjectNode, ObjectNode> normalize, Function<ObjectNode, Reply> replyOf) {
        RequestRecord record = new RequestRecord(requestId(headers), route, clock.instant());
        int status = 500;
        boolean handedOff = false;
        try {
            Optional<KeyPolicy> key = keys.identify(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
            ObjectNode client = RequestBodies.read(in, headers.getLength(), maxBodyBytes);
            Reply reply = replyOf.apply(client);
            boolean includeUsage = client.path("stream_options").path("include_usage").asBoolean(false);
            ObjectNode body = normalize.apply(client);
            record.request(body);
            record.admission(keys.admit(key, record.model()));
            Map<String, List<String>> clientHeaders = lowerCase(headers);
            ChainTurn chain = route.equals("/v1/responses") ? chains.begin(body, null) : null;
            UpstreamCall call = new UpstreamCall("/codex/responses", body, clientHeaders, record.requestId(), false)
                    .withContinuation(chain);
            OpenedStream opened = pipeline.openStream(call, stickyKey(route, clientHeaders, body), record);
            if (reply == Reply.SSE || reply == Reply.CHAT_STREAM) {
                handedOff = true;
                StreamingOutput output = out -> relay(opened, record, ChainTurn.capturing(chain, reply == Reply.SSE
                        ? new RawSseSink(out) : new ChatChunkSink(out, record.model(), includeUsage)));
                status = 200;
                return withHeaders(Response.ok(output, "text/event-stream").header("Cache-Control", "no-cache"),
                        record).build();
            }
            Response collected = collect(opened, record, reply, chain);
            status = collected.getStatus();
            return collected;
        } catch (RuntimeException e) {
            Response response = errorResponse(e, record);
            status = response.getStatus();
            return response;
        } finally {
            if (!handedOff) {
                requestLogger.finish(record, status);
            }
        }
    }

    /** A compact call: the upstream JSON comes back unchanged. */
    public Response compact(String route, HttpHeaders headers, InputStream in, boolean v1) {
        RequestRecord record = new RequestRecord(requestId(headers), route, clock.instant());
        int status = 500;
        try {
            Optional<KeyPolicy> key = keys.identify(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
            ObjectNode body = ResponsesNormalizer.compact(RequestBodies.read(in, headers.getLength(), maxBodyBytes),
                    v1);
            record.request(body);
            record.admission(keys.admit(key, record.model()));
            Map<String, List<String>> clientHeaders = lowerCase(headers);
            byte[] json = pipeline.compact(new UpstreamCall("/codex/responses/compact", body, clientHeaders,
                    record.requestId(), true), stickyKey(route, clientHeaders, body), record);
            JsonNode parsed = Json.parseOrNull(new String(json, java.nio.charset.StandardCharsets.UTF_8));
            if (parsed != null) {
                record.usage(parsed.get("usage"));
            }
            status = 200;
            return withHeaders(Response.ok(json, MediaType.APPLICATION_JSON_TYPE), record).build();
        } catch (RuntimeException e) {
            Response response = errorResponse(e, record);
            status = response.getStatus();
            return response;
        } finally {
            requestLogger.finish(record, status);
        }
    }

    /** The OpenAI-shaped reply for what went wrong, noted on the record. */
    private Response errorResponse(RuntimeException failure, RequestRecord record) {
        Response response;
        if (failure instanceof InvalidRequest e) {
            record.error(e.code(), e.getMessage());
            response = ProxyErrors.invalid(e);
        } else if (failure instanceof KeyRefused e) {
            record.error(e.code(), e.getMessage());
            response = KeyRefusedMapper.reply(e);
        } else if (failure instanceof NoAccountAvailable e) {
            record.error(e.allLimited() ? "usage_limit_reached" : "no_accounts", e.getMessage());
            response = ProxyErrors.noAccount(e);
        } else if (failure instanceof UpstreamFailure e) {
            response = ProxyErrors.upstream(e);
        } else if (failure instanceof RequestCancelled e) {
            record.error("client_closed", e.getMessage());
            response = Response.status(499).build(); // nobody reads it: the request thread was interrupted
        } else {
            LOG.log(Level.SEVERE, "request " + record.requestId() + " failed", failure);
            record.error("internal_error", failure.getClass().getSimpleName());
            response = ProxyErrors.internal(record.requestId());
        }
        return withHeaders(response, record);
    }

    private void relay(OpenedStream opened, RequestRecord record, EventSink sink) {
        int status = 200;
        try (opened) {
            StreamRelay.relay(opened, sink, record);
        } catch (StreamRelay.ClientGone | RequestCancelled e) {
            status = 499;
            record.error("client_closed", "client went away: " + e.getMessage());
        } finally {
            requestLogger.finish(record, status);
        }
    }

    private Response collect(OpenedStream opened, RequestRecord record, Reply reply, ChainTurn chain) {
        try (opened) {
            if (reply == Reply.CHAT_OBJECT) {
                ChatChunkSink sink = new ChatChunkSink(null, record.model(), false);
                StreamRelay.relay(opened, sink, record);
                if (sink.errorEvent() != null) {
                    return errorEventResponse(sink.errorEvent(), record);
                }
                if (sink.error() != null) {
                    return failedResponse(sink.error(), record);
                }
                return withHeaders(Response.ok(Json.bytes(sink.completion()), MediaType.APPLICATION_JSON_TYPE),
                        record).build();
            }
            FinalResponseCollector collector = new FinalResponseCollector();
            StreamRelay.relay(opened, ChainTurn.capturing(chain, collector), record);
            if (collector.errorEvent() != null) {
                return errorEventResponse(collector.errorEvent(), record);
            }
            if (collector.response() == null || record.errorCode() != null
                    && !"response.completed".equals(collector.response().path("status").asText())
                    && collector.response().path("error").isObject()) {
                JsonNode error = collector.response() != null ? collector.response().path("error") : null;
                return failedResponse(error, record);
            }
            return withHeaders(Response.ok(Json.bytes(collector.response()), MediaType.APPLICATION_JSON_TYPE),
                    record).build();
        }
    }

    /**
     * A stream that ended in an {@code error} event, for a client that has seen none of it: the status the error
     * stands for and the upstream error object, as the client would get them had upstream refused the request.
     */
    private Response errorEventResponse(SseEvent event, RequestRecord record) {
        FailureEvent failure = FailureEvent.of(event, clock.instant());
        return withHeaders(Response.status(failure.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(failure.body()).build(), record);
    }

    private Response failedResponse(JsonNode error, RequestRecord record) {
        String code = error == null ? "upstream_error" : error.path("code").asText("upstream_error");
        String message = error == null ? "upstream failed" : error.path("message").asText("upstream failed");
        return withHeaders(ProxyErrors.json(502, ErrorBodies.error(message, "server_error", code, null)), record);
    }

    private Response withHeaders(Response response, RequestRecord record) {
        return withHeaders(Response.fromResponse(response), record).build();
    }

    private Response.ResponseBuilder withHeaders(Response.ResponseBuilder builder, RequestRecord record) {
        builder.header("x-request-id", record.requestId());
        poolUsage.headers().forEach(builder::header);
        return builder;
    }

    private StickyKey stickyKey(String route, Map<String, List<String>> headers, ObjectNode body) {
        return StickyKeys.of(route.startsWith("/backend-api/"), headers, body,
                settings.current().stickyThreadsEnabled());
    }

    static String requestId(HttpHeaders headers) {
        String id = headers.getHeaderString("x-client-request-id");
        if (id == null || id.isBlank()) {
            id = headers.getHeaderString("x-request-id");
        }
        return id == null || id.isBlank() || id.length() > 128 ? UUID.randomUUID().toString() : id;
    }

    private static Map<String, List<String>> lowerCase(HttpHeaders headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), values));
        return lower;
    }
}
