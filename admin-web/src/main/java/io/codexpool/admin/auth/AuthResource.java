package io.codexpool.admin.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.Pages;
import io.codexpool.persistence.admin.AdminUser;
import io.codexpool.persistence.admin.AdminUserRepository;
import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/** Sign-in, first-run password, sign-out. */
@Path("/admin")
@ApplicationScoped
public class AuthResource {
    private final AdminUserRepository admins;
    private final AdminSessions sessions;
    private final SignInLimiter limiter;
    private final BootstrapToken bootstrapToken;
    private final Pages pages;
    private final AdminConfig config;
    private final AuditLog audit;

    @Inject
    public AuthResource(AdminUserRepository admins, AdminSessions sessions, SignInLimiter limiter,
                        BootstrapToken bootstrapToken, Pages pages, AdminConfig config, AuditLog audit) {
        this.audit = audit;
        this.admins = admins;
        this.sessions = sessions;
        this.limiter = limiter;
        this.bootstrapToken = bootstrapToken;
        this.pages = pages;
        this.config = config;
    }

    @GET
    @Path("login")
    public Response loginForm(@Context ContainerRequestContext request, @Context ServerRequest server) {
        Cookie existing = request.getCookies().get(AdminRequest.LOGIN_CSRF_COOKIE);
        String csrf = existing == null || existing.getValue().isBlank() ? Secrets.randomToken() : existing.getValue();
        Map<String, Object> model = new HashMap<>();
        model.put("csrf", csrf);
        Response page = admins.findAdmin().isPresent()
                ? pages.render(request, "auth/login", model)
                : setupPage(request, 200, model, LocalBrowser.is(ClientAddress.of(server), request), Map.of());
        return Response.fromResponse(page).cookie(loginCsrfCookie(csrf, secure(request))).build();
    }

    @POST
    @Path("login")
    public Response login(@Context ContainerRequestContext request, @Context ServerRequest server) {
        String client = ClientAddress.of(server).limiterKey(request.getHeaderString("X-Forwarded-For"),
                !config.loopbackSetup());
        OptionalLong retryAfter = limiter.admit(client);
        Actor actor = new Actor("anonymous", client);
        if (retryAfter.isPresent()) {
            audit.record(actor, "sign_in.limited", "admin", "too many failed sign-ins; refused for "
                    + retryAfter.getAsLong() + " s");
            return Response.fromResponse(pages.render(request, 429, "auth/login", Map.of("errors", Map.of(
                            "password", "Too many failed sign-ins from your address. Try again in "
                                    + retryAfter.getAsLong() + " s."))))
                    .header("Retry-After", retryAfter.getAsLong()).build();
        }
        String password = AdminRequest.form(request).value("password");
        boolean valid = admins.findAdmin()
                .map(admin -> PasswordHasher.matches(password, admin.getPasswordHash()))
                .orElse(false);
        if (!valid) {
            audit.record(actor, "sign_in.failed", "admin", "wrong password");
            return pages.render(request, 401, "auth/login", Map.of("errors", Map.of("password",
                    "That password is not right.")));
        }
        limiter.succeeded(client);
        audit.record(actor, "sign_in.succeeded", "admin", null);
        return signedIn(request, "Signed in.");
    }

    @POST
    @Path("setup")
    public Response setup(@Context ContainerRequestContext request, @Context ServerRequest server) {
        if (admins.findAdmin().isPresent()) {
            return pages.redirect("/admin/login", "An admin password is already set: sign in with it.");
        }
        boolean localBrowser = LocalBrowser.is(ClientAddress.of(server), request);
        FormData form = AdminRequest.form(request);
        Map<String, String> errors = new HashMap<>();
        if (bootstrapToken.requiredFor(localBrowser) && !bootstrapToken.matches(form.value("bootstrapToken"))) {
            errors.put("bootstrapToken", "Enter the bootstrap token printed in the service log at start-up.");
        }
        String password = form.value("password");
        if (password.length() < PasswordHasher.MIN_LENGTH) {
            errors.put("password", "Use at least " + PasswordHasher.MIN_LENGTH + " characters.");
        } else if (!password.equals(form.value("confirm"))) {
            errors.put("confirm", "The two passwords differ.");
        }
        if (!errors.isEmpty()) {
            return setupPage(request, 400, new HashMap<>(), localBrowser, errors);
        }
        if (!admins.createAdminIfAbsent(new AdminUser(PasswordHasher.hash(password), Instant.now()))) {
            return pages.redirect("/admin/login", "An admin password was set meanwhile: sign in with it.");
        }
        audit.record(audit.actor(request, server), "admin_password.set", "admin", null);
        return signedIn(request, "Admin password set. Welcome to Codex Pool.");
    }

    @POST
    @Path("logout")
    public Response logout(@Context ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(AdminSessions.COOKIE);
        sessions.close(cookie == null ? null : cookie.getValue());
        return Response.fromResponse(pages.redirect("/admin/login", "Signed out."))
                .cookie(sessionCookie("", 0, secure(request))).build();
    }

    private Response setupPage(ContainerRequestContext request, int status, Map<String, Object> model,
                               boolean localBrowser, Map<String, String> errors) {
        model.put("needsToken", bootstrapToken.requiredFor(localBrowser));
        model.put("errors", errors);
        return pages.render(request, status, "auth/setup", model);
    }

    private Response signedIn(ContainerRequestContext request, String flash) {
        String token = sessions.open();
        return Response.fromResponse(pages.redirect("/admin", flash))
                .cookie(sessionCookie(token, (int) sessions.lifetimeSeconds(), secure(request))).build();
    }

    /**
     * HTTPS as the browser sees it: directly, or through a TLS-terminating reverse proxy that says so. Trusting the
     * header can only add the Secure flag, which at worst breaks the sign-in of whoever forged it.
     */
    private static boolean secure(ContainerRequestContext request) {
        return "https".equalsIgnoreCase(request.getUriInfo().getRequestUri().getScheme())
                || "https".equalsIgnoreCase(request.getHeaderString("X-Forwarded-Proto"));
    }

    private static NewCookie sessionCookie(String value, int maxAge, boolean secure) {
        return new NewCookie.Builder(AdminSessions.COOKIE).value(value).path("/").maxAge(maxAge).httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }

    private static NewCookie loginCsrfCookie(String value, boolean secure) {
        return new NewCookie.Builder(AdminRequest.LOGIN_CSRF_COOKIE).value(value).path("/admin").httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.LAX).build();
    }
}
