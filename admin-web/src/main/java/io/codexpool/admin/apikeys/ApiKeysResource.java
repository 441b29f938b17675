package io.codexpool.admin.apikeys;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.dashboard.BarChart;
import io.codexpool.proxy.apikeys.KeyTotals;
import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.Pages;
import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.proxy.apikeys.KeyUsage;
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
 * The API keys pages: the list with usage bars and the create form, a key's page with its chart, recent requests and
 * edit form. A new or regenerated secret is shown once, in the answer to the POST that made it, never again.
 */
@Path("/admin/api-keys")
@ApplicationScoped
public class ApiKeysResource {
    private static final String GONE = "That API key does not exist (any more).";

    private final ApiKeyRepository keys;
    private final ApiKeyActions actions;
    private final KeyUsage usage;
    private final ApiKeyQueries queries;
    private final KeyTotals totals;
    private final Pages pages;
    private final AuditLog audit;

    @Inject
    public ApiKeysResource(ApiKeyRepository keys, ApiKeyActions actions, KeyUsage usage, ApiKeyQueries queries,
                           KeyTotals totals, Pages pages, AuditLog audit) {
        this.keys = keys;
        this.actions = actions;
        this.usage = usage;
        this.queries = queries;
        this.totals = totals;
        this.pages = pages;
        this.audit = audit;
    }

    @GET
    public Response list(@Context ContainerRequestContext request) {
        return listPage(request, 200, emptyForm(), Map.of());
    }

    @POST
    public Response create(@Context ContainerRequestContext request, @Context ServerRequest server) {
        FormData form = AdminRequest.form(request);
        ApiKeyInput input = input(form);
        if (!input.valid()) {
            return listPage(request, 400, typed(form), input.errors());
        }
        return secretPage(request, actions.create(input, audit.actor(request, server)), "created");
    }

    @GET
    @Path("{id}")
    public Response detail(@Context ContainerRequestContext request, @PathParam("id") String id) {
        return keys.findById(id).map(key -> detailPage(request, 200, key, null, Map.of()))
                .orElseGet(() -> pages.redirect("/admin/api-keys", GONE));
    }

    @POST
    @Path("{id}")
    public Response update(@Context ContainerRequestContext request, @Context ServerRequest server,
                           @PathParam("id") String id) {
        FormData form = AdminRequest.form(request);
        ApiKeyInput input = input(form);
        ApiKey key = keys.findById(id).orElse(null);
        if (key == null) {
            return pages.redirect("/admin/api-keys", GONE);
        }
        if (!input.valid()) {
            return detailPage(request, 400, key, typed(form), input.errors());
        }
        return actions.update(id, input, audit.actor(request, server))
                .map(k -> pages.redirect("/admin/api-keys/" + id, "Saved."))
                .orElseGet(() -> pages.redirect("/admin/api-keys", GONE));
    }

    @POST
    @Path("{id}/regenerate")
    public Response regenerate(@Context ContainerRequestContext request, @Context ServerRequest server,
                               @PathParam("id") String id) {
        return actions.regenerate(id, audit.actor(request, server))
                .map(created -> secretPage(request, created, "regenerated"))
                .orElseGet(() -> pages.redirect("/admin/api-keys", GONE));
    }

    @POST
    @Path("{id}/{change: enable|disable}")
    public Response enableOrDisable(@Context ContainerRequestContext request, @Context ServerRequest server,
                                    @PathParam("id") String id, @PathParam("change") String change) {
        boolean enable = change.equals("enable");
        return actions.enable(id, enable, audit.actor(request, server))
                .map(k -> pages.redirect("/admin/api-keys/" + id,
                        enable ? "Enabled." : "Disabled: requests with this key get 401 within seconds."))
                .orElseGet(() -> pages.redirect("/admin/api-keys", GONE));
    }

    @POST
    @Path("{id}/delete")
    public Response delete(@Context ContainerRequestContext request, @Context ServerRequest server,
                           @PathParam("id") String id) {
        return pages.redirect("/admin/api-keys", actions.delete(id, audit.actor(request, server))
                ? "API key deleted. Its request logs are kept without it." : GONE);
    }

    private ApiKeyInput input(FormData form) {
        return ApiKeyInput.fromForm(form.value(ApiKeyInput.NAME), form.value(ApiKeyInput.EXPIRES_AT),
                form.value(ApiKeyInput.ALLOWED_MODELS), form.fields().getOrDefault(ApiKeyInput.ACCOUNT_IDS, List.of()),
                form.value(ApiKeyInput.MAX_CONCURRENT), form.value(ApiKeyInput.LIMITS), queries.accountIds());
    }

    /** The page that shows a secret: {@code no-store}, and its address turned into the key's own page. */
    private Response secretPage(ContainerRequestContext request, ApiKeyActions.WithSecret created, String what) {
        Map<String, Object> model = new HashMap<>();
        model.put("key", ApiKeyView.of(created.key(), usage));
        model.put("secret", created.secret());
        model.put("what", what);
        return pages.render(request, 200, "apikeys/created", model);
    }

    private Response listPage(ContainerRequestContext request, int status, Map<String, Object> form,
                              Map<String, String> errors) {
        Map<String, Object> model = new HashMap<>();
        model.put("keys", keys.findAll().stream().map(k -> ApiKeyView.of(k, usage)).toList());
        model.put("accounts", queries.accounts());
        model.put("form", form);
        model.put("errors", errors);
        return pages.render(request, status, "apikeys/list", model);
    }

    private Response detailPage(ContainerRequestContext request, int status, ApiKey key, Map<String, Object> form,
                                Map<String, String> errors) {
        ApiKeyView view = ApiKeyView.of(key, usage);
        Instant now = Instant.now();
        Map<String, Object> model = new HashMap<>();
        model.put("key", view);
        model.put("form", form != null ? form : formOf(view));
        model.put("errors", errors);
        model.put("accounts", queries.accounts());
        model.put("chart", queries.chart(key.getId(), now));
        model.put("chartWidth", BarChart.WIDTH);
        model.put("chartHeight", BarChart.HEIGHT);
        model.put("totals24h", totals.last(key.getId(), Duration.ofHours(24), now));
        model.put("totals7d", totals.last(key.getId(), Duration.ofDays(7), now));
        model.put("recent", queries.recent(key.getId()));
        return pages.render(request, status, "apikeys/detail", model);
    }

    private static Map<String, Object> emptyForm() {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put(ApiKeyInput.ACCOUNT_IDS, List.of());
        return form;
    }

    /** The values as typed, to show them again beside their errors. */
    private static Map<String, Object> typed(FormData form) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (String field : new String[] {ApiKeyInput.NAME, ApiKeyInput.EXPIRES_AT, ApiKeyInput.ALLOWED_MODELS,
                ApiKeyInput.MAX_CONCURRENT, ApiKeyInput.LIMITS}) {
            typed.put(field, form.value(field));
        }
        typed.put(ApiKeyInput.ACCOUNT_IDS, form.fields().getOrDefault(ApiKeyInput.ACCOUNT_IDS, List.of()));
        return typed;
    }

    private static Map<String, Object> formOf(ApiKeyView key) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put(ApiKeyInput.NAME, key.name());
        form.put(ApiKeyInput.EXPIRES_AT, key.expiresAt() == null ? "" : key.expiresAt().toString());
        form.put(ApiKeyInput.ALLOWED_MODELS, String.join(", ", key.allowedModels()));
        form.put(ApiKeyInput.ACCOUNT_IDS, key.accountIds());
        form.put(ApiKeyInput.MAX_CONCURRENT, key.maxConcurrentTurns() == null ? "" : key.maxConcurrentTurns().toString());
        form.put(ApiKeyInput.LIMITS, key.limitLines());
        return form;
    }
}
