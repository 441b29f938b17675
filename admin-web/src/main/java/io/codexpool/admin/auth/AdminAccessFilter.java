package io.codexpool.admin.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.ErrorPage;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.FormParser;
import io.codexpool.admin.web.Json;
import io.codexpool.persistence.admin.AdminSession;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Guards {@code /admin/...} and {@code /api/admin/...}: a session (or, on the API, the configured bearer token) and,
 * on every mutating request, the CSRF token. Every other path (proxy routes, health, metrics) passes untouched.
 * Pre-matching, so an admin path nobody serves still asks for a session before it can answer 404.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
@ApplicationScoped
public class AdminAccessFilter implements ContainerRequestFilter {
    /** Large enough for a multipart upload of an oversized auth.json to reach the importer's readable message. */
    static final int MAX_FORM_BYTES = 8 * 1024 * 1024;
    private static final Set<String> PUBLIC_PAGES = Set.of("admin/login", "admin/setup");
    private static final Set<String> MUTATING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
            HttpMethod.PATCH);

    private final AdminSessions sessions;
    private final AdminConfig config;

    @Inject
    public AdminAccessFilter(AdminSessions sessions, AdminConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String path = matchedPath(request);
        boolean api = path.equals("api/admin") || path.startsWith("api/admin/");
        boolean page = path.equals("admin") || path.startsWith("admin/");
        if (!api && !page) {
            return;
        }
        // Whatever is aborted below is not served, so the mark only ever reaches requests allowed through.
        AdminRequest.markAccessChecked(request);
        boolean mutating = MUTATING.contains(request.getMethod());
        if (page && path.startsWith("admin/static/")) {
            return;
        }
        if (page && PUBLIC_PAGES.contains(path)) {
            if (mutating && readForm(request)) {
                requireCsrf(request, cookie(request, AdminRequest.LOGIN_CSRF_COOKIE));
            }
            return;
        }
        if (api && bearerMatches(request)) {
            return;
        }
        Optional<AdminSession> session = sessions.find(cookie(request, AdminSessions.COOKIE));
        if (session.isEmpty()) {
            request.abortWith(api ? Json.error(401, "sign in or send Authorization: Bearer <api token>")
                    : Response.seeOther(URI.create("/admin/login")).build());
            return;
        }
        AdminRequest.attachSession(request, session.get());
        if (!mutating) {
            return;
        }
        if (api) {
            // Scripts with a session cookie prove they are not a cross-site form by echoing the token in a header.
            if (!Secrets.constantTimeEquals(session.get().getCsrfToken(), request.getHeaderString("X-CSRF-Token"))) {
                request.abortWith(Json.error(403, "missing or wrong X-CSRF-Token header"));
            }
            return;
        }
        if (readForm(request)) {
            requireCsrf(request, session.get().getCsrfToken());
        }
    }

    private boolean bearerMatches(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        return config.apiToken().isPresent() && header != null && header.startsWith("Bearer ")
                && Secrets.constantTimeEquals(config.apiToken().get(), header.substring("Bearer ".length()).trim());
    }

    private static void requireCsrf(ContainerRequestContext request, String expected) {
        String sent = AdminRequest.form(request).value("_csrf");
        if (expected == null || expected.isEmpty() || !Secrets.constantTimeEquals(expected, sent)) {
            request.abortWith(Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(ErrorPage.html("Forbidden", "This form's security token is missing or out of date. "
                            + "Go back, reload the page and try again."))
                    .build());
        }
    }

    /** Reads the body once into {@link FormData}; false (and the request aborted) when it is too large. */
    private static boolean readForm(ContainerRequestContext request) throws IOException {
        byte[] body;
        try (InputStream in = request.getEntityStream()) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            request.abortWith(Response.status(413).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(ErrorPage.html("Too large", "The form is larger than 8 MiB. Nothing was changed."))
                    .build());
            return false;
        }
        request.setEntityStream(new ByteArrayInputStream(body));
        AdminRequest.attachForm(request, FormParser.parse(request.getHeaderString(HttpHeaders.CONTENT_TYPE), body));
        return true;
    }

    private static String cookie(ContainerRequestContext request, String name) {
        Cookie cookie = request.getCookies().get(name);
        return cookie == null ? null : cookie.getValue();
    }

    /**
     * The path as resource matching sees it: decoded segments without matrix parameters or empty segments. The raw
     * path would read {@code /admin;x=1/accounts} as something other than the admin site that it reaches.
     */
    private static String matchedPath(ContainerRequestContext request) {
        return request.getUriInfo().getPathSegments(true).stream()
                .map(PathSegment::getPath)
                .filter(segment -> !segment.isEmpty())
                .collect(Collectors.joining("/"));
    }
}
