package io.codexpool.admin.accounts;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.signin.AccountEnrollment;
import io.codexpool.admin.signin.BrowserLogins;
import io.codexpool.admin.signin.DeviceLogin;
import io.codexpool.admin.signin.DeviceLogins;
import io.codexpool.admin.signin.LoginFailed;
import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.Pages;

import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * The "Sign in with ChatGPT" pages: browser sign-in (the local callback completes it, or the admin pastes the
 * redirect URL) and device-code sign-in (a status page that refreshes itself until the sign-in ends).
 */
@Path("/admin/accounts/login")
@ApplicationScoped
public class SignInResource {
    private final BrowserLogins browser;
    private final DeviceLogins devices;
    private final Pages pages;
    private final AuditLog audit;

    @Inject
    public SignInResource(BrowserLogins browser, DeviceLogins devices, Pages pages, AuditLog audit) {
        this.browser = browser;
        this.devices = devices;
        this.pages = pages;
        this.audit = audit;
    }

    @POST
    @Path("browser")
    public Response startBrowser(@Context ContainerRequestContext request, @Context ServerRequest server) {
        String accountsPage = request.getUriInfo().getBaseUriBuilder().path("admin/accounts").build().toString();
        BrowserLogins.Started started = browser.start(accountsPage, audit.actor(request, server));
        Map<String, Object> model = new HashMap<>();
        model.put("started", started);
        return pages.render(request, "accounts/login-browser", model);
    }

    @POST
    @Path("browser/complete")
    public Response completeBrowser(@Context ContainerRequestContext request, @Context ServerRequest server) {
        try {
            AccountEnrollment.Enrolled enrolled = browser.completeFromRedirect(
                    AdminRequest.form(request).value("redirectUrl"), audit.actor(request, server));
            return pages.redirect("/admin/accounts", signedIn(enrolled));
        } catch (LoginFailed e) {
            // The pasted address is not echoed back: it holds an authorization code.
            return pages.render(request, 400, "accounts/login-browser", Map.of("errors",
                    Map.of("redirectUrl", e.getMessage())));
        }
    }

    @POST
    @Path("device")
    public Response startDevice(@Context ContainerRequestContext request, @Context ServerRequest server) {
        try {
            DeviceLogin login = devices.start(audit.actor(request, server));
            return Response.seeOther(URI.create("/admin/accounts/login/device/" + login.id())).build();
        } catch (LoginFailed e) {
            return pages.redirect("/admin/accounts", e.getMessage());
        }
    }

    @GET
    @Path("device/{id}")
    public Response device(@Context ContainerRequestContext request, @PathParam("id") String id) {
        DeviceLogin login = devices.find(id).orElse(null);
        if (login == null) {
            return pages.redirect("/admin/accounts", "That device sign-in is unknown here: it ended long ago or "
                    + "was started on another replica. Start a new one.");
        }
        if (login.state() == DeviceLogin.State.DONE) {
            return pages.redirect("/admin/accounts", login.message());
        }
        Map<String, Object> model = new HashMap<>();
        model.put("login", login);
        model.put("refreshSeconds", Math.max(2, login.interval().toSeconds()));
        return pages.render(request, login.state() == DeviceLogin.State.FAILED ? 400 : 200, "accounts/login-device",
                model);
    }

    private static String signedIn(AccountEnrollment.Enrolled enrolled) {
        return enrolled.summary() + ".";
    }
}
