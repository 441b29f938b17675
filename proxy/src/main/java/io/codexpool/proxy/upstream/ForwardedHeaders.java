package io.codexpool.proxy.upstream;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Which of a client's headers go upstream: only end-to-end ones. Dropped on purpose:
 * <ul>
 *   <li>identity: the client's credential, cookies and addresses ({@code authorization}, {@code cookie},
 *   {@code forwarded}, {@code x-forwarded-*}, {@code x-real-ip}, {@code cf-*}, ...) — upstream gets the account's;</li>
 *   <li>hop-by-hop ({@code connection} and every header it names, {@code keep-alive}, {@code te}, {@code trailer},
 *   {@code transfer-encoding}, {@code upgrade}, {@code proxy-*}) — they describe the client's connection, not ours;</li>
 *   <li>connection-specific and set by our own client ({@code host}, {@code content-length}, {@code expect},
 *   {@code content-type}, {@code accept}, {@code accept-encoding}, {@code via}) and a browser's fetch metadata
 *   ({@code origin}, {@code sec-*}, {@code access-control-request-*}), which Node's fetch adds to every SDK
 *   request. The JDK's HTTP client refuses several of these and Jersey warned about it once per request.</li>
 * </ul>
 */
public final class ForwardedHeaders {
    private static final Set<String> DROPPED = Set.of("authorization", "chatgpt-account-id", "cookie", "forwarded",
            "x-real-ip", "true-client-ip", "connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
            "host", "content-length", "content-transfer-encoding", "expect", "content-type", "accept",
            "accept-encoding", "origin", "via");
    private static final List<String> DROPPED_PREFIXES = List.of("x-forwarded-", "cf-", "proxy-", "sec-",
            "access-control-request-");

    private ForwardedHeaders() {
    }

    /** Hands each forwardable header value to {@code sink}, with its lower-case name. */
    public static void forEach(Map<String, List<String>> clientHeaders, BiConsumer<String, String> sink) {
        Set<String> namedByConnection = namedByConnection(clientHeaders);
        clientHeaders.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (endToEnd(lower) && !namedByConnection.contains(lower)) {
                values.forEach(value -> sink.accept(lower, value));
            }
        });
    }

    /** Whether a header (lower-case name) is end to end and not an identity header. */
    public static boolean endToEnd(String lowerCaseName) {
        if (DROPPED.contains(lowerCaseName)) {
            return false;
        }
        for (String prefix : DROPPED_PREFIXES) {
            if (lowerCaseName.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    /** A {@code Connection} header lists further hop-by-hop headers of that one connection. */
    private static Set<String> namedByConnection(Map<String, List<String>> headers) {
        Set<String> named = new HashSet<>();
        headers.forEach((name, values) -> {
            if (name.equalsIgnoreCase("connection")) {
                for (String value : values) {
                    for (String token : value.split(",")) {
                        named.add(token.strip().toLowerCase(Locale.ROOT));
                    }
                }
            }
        });
        return named;
    }
}
