package io.codexpool.proxy.errors;

import java.util.Locale;

import io.codexpool.proxy.support.Json;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Gives the errors JAX-RS answers by itself on proxy routes (no such endpoint, wrong method, unreadable headers, an
 * unsupported media type) the OpenAI shape clients parse, instead of an empty or plain-text body. Answers that
 * already carry a body (ours, or upstream's) pass untouched; admin routes keep their own error shapes.
 */
@Provider
@ApplicationScoped
public class ProxyErrorShape implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity() || !proxyRoute(request.getUriInfo().getPath())) {
            return;
        }
        String path = "/" + request.getUriInfo().getPath().replaceFirst("^/", "");
        String message = switch (status) {
            case 404 -> "Unknown endpoint: " + request.getMethod() + " " + path;
            case 405 -> "Method " + request.getMethod() + " is not allowed on " + path + " (allowed: "
                    + String.join(", ", response.getAllowedMethods()) + ")";
            case 406 -> "No acceptable representation for the Accept header";
            case 415 -> "Unsupported content type: send application/json";
            default -> "The request could not be processed (HTTP " + status + ")";
        };
        String type = status == 404 || status == 405 ? "invalid_request_error" : status >= 500 ? "server_error"
                : "invalid_request_error";
        String code = switch (status) {
            case 404 -> "unknown_endpoint";
            case 405 -> "method_not_allowed";
            default -> null;
        };
        response.setEntity(Json.bytes(ErrorBodies.error(message, type, code, null)), null,
                MediaType.APPLICATION_JSON_TYPE);
    }

    /** The client routes: {@code /v1/...} and {@code /backend-api/...}. */
    static boolean proxyRoute(String path) {
        String normalized = path.replaceFirst("^/", "").toLowerCase(Locale.ROOT);
        return normalized.equals("v1") || normalized.startsWith("v1/") || normalized.startsWith("backend-api/")
                || normalized.equals("backend-api");
    }
}
