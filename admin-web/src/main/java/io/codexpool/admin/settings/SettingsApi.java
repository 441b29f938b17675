package io.codexpool.admin.settings;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.codexpool.admin.auth.AuditLog;
import io.codexpool.admin.web.Json;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.SettingsRepository;
import io.helidon.webserver.http.ServerRequest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** {@code GET/PUT /api/admin/settings}: fields left out keep their value; invalid ones → 400 naming the field. */
@Path("/api/admin/settings")
@ApplicationScoped
public class SettingsApi {
    private final SettingsRepository repository;
    private final AuditLog audit;

    @Inject
    public SettingsApi(SettingsRepository repository, AuditLog audit) {
        this.repository = repository;
        this.audit = audit;
    }

    @GET
    public Response get() {
        return Json.ok(SettingsView.json(repository.load()));
    }

    @PUT
    public Response put(InputStream body, @Context ContainerRequestContext request,
                        @Context ServerRequest server) throws IOException {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body.readNBytes(64 * 1024));
        } catch (IOException e) {
            return Json.error(400, "the body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            return Json.error(400, "the body must be a JSON object of settings");
        }
        Map<String, String> values = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!SettingsUpdate.FIELDS.contains(field.getKey())) {
                return Json.error(400, "unknown setting '" + field.getKey() + "'", field.getKey());
            }
            values.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText());
        }
        Settings before = repository.load();
        SettingsUpdate update = SettingsUpdate.apply(before, values);
        if (!update.valid()) {
            Map.Entry<String, String> first = update.errors().entrySet().iterator().next();
            return Json.error(400, first.getValue(), first.getKey());
        }
        Settings saved = repository.save(update.settings());
        audit.settingsChanged(audit.actor(request, server), SettingsView.json(before), SettingsView.json(saved));
        return Json.ok(SettingsView.json(saved));
    }
}
