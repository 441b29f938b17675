package io.codexpool.admin.accounts;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.auth.Actor;
import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.signin.IdTokenClaims;
import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.FilterForm;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.Pages;
import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.accounts.AccountRepository;
import io.codexpool.persistence.accounts.AccountStatus;
import io.codexpool.persistence.database.WireName;
import io.codexpool.persistence.secrets.TokenCipher;
import io.codexpool.persistence.secrets.TokenDecryptionException;
import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The accounts pages: list with filters and import, detail, pause/resume/delete. */
@Path("/admin/accounts")
@ApplicationScoped
public class AccountsResource {
    private final AccountQueries queries;
    private final AccountImporter importer;
    private final AccountActions actions;
    private final AccountRepository accounts;
    private final TokenCipher cipher;
    private final Pages pages;
    private final AuditLog audit;

    @Inject
    public AccountsResource(AccountQueries queries, AccountImporter importer, AccountActions actions,
                            AccountRepository accounts, TokenCipher cipher, Pages pages, AuditLog audit) {
        this.audit = audit;
        this.queries = queries;
        this.importer = importer;
        this.actions = actions;
        this.accounts = accounts;
        this.cipher = cipher;
        this.pages = pages;
    }

    @GET
    public Response list(@Context ContainerRequestContext request, @QueryParam("status") String status,
                         @QueryParam("q") String search) {
        return listPage(request, 200, status, search, Map.of());
    }

    @POST
    @Path("import")
    public Response importAuthJson(@Context ContainerRequestContext request, @Context ServerRequest server) {
        FormData form = AdminRequest.form(request);
        byte[] file = form.file("authFile");
        byte[] input = file.length > 0 ? file : form.value("authJson").getBytes(StandardCharsets.UTF_8);
        try {
            AccountImporter.Imported imported = importer.importAuthJson(input, audit.actor(request, server));
            String label = imported.account().label();
            return pages.redirect("/admin/accounts", (imported.created() ? "Imported " : "Updated the tokens of ")
                    + label + ".");
        } catch (AuthJsonException e) {
            // The pasted text is not echoed back: it may hold tokens, which no page may show.
            return listPage(request, 400, null, null, Map.of("authJson", e.getMessage()));
        }
    }

    @GET
    @Path("{id}")
    public Response detail(@Context ContainerRequestContext request, @PathParam("id") String id) {
        Account account = accounts.findById(id).orElse(null);
        AccountView view = queries.find(id).orElse(null);
        if (account == null || view == null) {
            return pages.redirect("/admin/accounts", "That account does not exist (any more).");
        }
        Instant now = Instant.now();
        Map<String, Object> model = new HashMap<>();
        model.put("account", view);
        model.put("chart", UsageChart.of(queries.usageSince(id, now.minus(UsageChart.SPAN)), now));
        model.put("chartWidth", UsageChart.WIDTH);
        model.put("chartHeight", UsageChart.HEIGHT);
        model.put("tokens", TokenState.of(account, cipher));
        model.put("totals", queries.requestTotals(id));
        model.put("recent", queries.recentRequests(id, 10));
        return pages.render(request, "accounts/detail", model);
    }

    @POST
    @Path("{id}/{action: pause|resume|delete}")
    public Response act(@PathParam("id") String id, @PathParam("action") String action,
                        @Context ContainerRequestContext request, @Context ServerRequest server) {
        Actor actor = audit.actor(request, server);
        return switch (action) {
            case "pause" -> done(actions.pause(id, actor),
                    "Paused: the proxy stops choosing this account within seconds.");
            case "resume" -> done(actions.resume(id, actor), "Resumed: the account is back in the pool.");
            default -> done(actions.delete(id, actor),
                    "Account deleted, with its sticky sessions. Its request logs are kept.");
        };
    }

    private Response done(boolean found, String message) {
        return pages.redirect("/admin/accounts", found ? message : "That account does not exist (any more).");
    }

    private Response listPage(ContainerRequestContext request, int status, String statusFilter, String search,
                              Map<String, String> errors) {
        String validStatus = validStatus(statusFilter);
        List<AccountView> list = queries.list(validStatus, search);
        Map<String, Object> model = new HashMap<>();
        model.put("accounts", list);
        model.put("statuses", FilterForm.choices(Arrays.stream(AccountStatus.values()).map(WireName::wireName).toList()));
        model.put("statusFilter", validStatus == null ? "" : validStatus);
        model.put("search", search == null ? "" : search);
        model.put("errors", errors);
        return pages.render(request, status, "accounts/list", model);
    }

    private static String validStatus(String status) {
        try {
            return status == null || status.isBlank() ? null : WireName.parse(AccountStatus.class, status).wireName();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** What the detail page says about the stored tokens, without their text. */
    public record TokenState(Instant accessExpiresAt, boolean accessStored, boolean refreshStored, String problem) {
        static TokenState of(Account account, TokenCipher cipher) {
            try {
                String access = cipher.decrypt(account.getAccessTokenEncrypted());
                return new TokenState(access == null ? null : IdTokenClaims.expiry(access), access != null,
                        account.getRefreshTokenEncrypted() != null, null);
            } catch (TokenDecryptionException e) {
                return new TokenState(null, true, account.getRefreshTokenEncrypted() != null, e.getMessage());
            }
        }
    }
}
