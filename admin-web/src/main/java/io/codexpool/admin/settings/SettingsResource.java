package io.codexpool.admin.settings;

import java.util.HashMap;
import java.util.Map;

import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.FormData;
import io.codexpool.admin.web.Pages;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/**
 * The settings page. Saving writes the settings row; every replica's proxy re-reads it within about a second, so
 * nothing here needs to notify anyone.
 */
@Path("/admin/settings")
@ApplicationScoped
public class SettingsResource {
    private final SettingsRepository repository;
    private final Pages pages;
    private final AuditLog audit;

    @Inject
    public SettingsResource(SettingsRepository repository, Pages pages, AuditLog audit) {
        this.repository = repository;
        this.pages = pages;
        this.audit = audit;
    }

    @GET
    public Response form(@Context ContainerRequestContext request) {
        return page(request, 200, SettingsView.form(repository.load()), Map.of());
    }

    @POST
    public Response save(@Context ContainerRequestContext request, @Context ServerRequest server) {
        FormData form = AdminRequest.form(request);
        Map<String, String> values = new HashMap<>();
        for (String field : new String[] {SettingsUpdate.THRESHOLD, SettingsUpdate.STRATEGY, SettingsUpdate.TTL,
                SettingsUpdate.TRANSPORT}) {
            values.put(field, form.value(field));
        }
        // An unticked checkbox is simply absent from the form.
        values.put(SettingsUpdate.PREFER_EARLIER_RESET, String.valueOf(
                !form.value(SettingsUpdate.PREFER_EARLIER_RESET).isEmpty()));
        values.put(SettingsUpdate.STICKY_THREADS, String.valueOf(!form.value(SettingsUpdate.STICKY_THREADS).isEmpty()));
        values.put(SettingsUpdate.API_KEYS_REQUIRED,
                String.valueOf(!form.value(SettingsUpdate.API_KEYS_REQUIRED).isEmpty()));
        for (String field : new String[] {SettingsUpdate.REQUEST_LOG_RETENTION, SettingsUpdate.ROLLUP_RETENTION,
                SettingsUpdate.POOL_LOW}) {
            // a form from before these fields existed keeps the stored values
            if (form.fields().containsKey(field)) {
                values.put(field, form.value(field));
            }
        }
        Settings before = repository.load();
        SettingsUpdate update = SettingsUpdate.apply(before, values);
        if (!update.valid()) {
            return page(request, 400, values, update.errors());
        }
        Settings saved = repository.save(update.settings());
        audit.settingsChanged(audit.actor(request, server), SettingsView.json(before), SettingsView.json(saved));
        return pages.redirect("/admin/settings", "Settings saved. The proxy uses them from its next request.");
    }

    private Response page(ContainerRequestContext request, int status, Map<String, String> form,
                          Map<String, String> errors) {
        return pages.render(request, status, "settings/form", Map.of("form", form, "errors", errors,
                "transports", SettingsView.TRANSPORTS, "strategies", SettingsView.STRATEGIES));
    }
}
