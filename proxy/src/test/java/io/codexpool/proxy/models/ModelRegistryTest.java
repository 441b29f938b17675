package io.codexpool.proxy.models;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.codexpool.persistence.models.PlanModels;
import io.codexpool.persistence.models.PlanModelsRepository;
import io.codexpool.proxy.testing.OverlappingRereads;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelRegistryTest {
    /**
     * The periodic reload reads the stored lists just before a refresh stores a new one; the refresh's own reload
     * reads the new list. The older read must not land last, or this replica would route by the old list until the
     * next reload.
     */
    @Test
    void aReloadThatReadTheListsBeforeARefreshStoredOneDoesNotUndoTheRefreshsReload() throws Exception {
        OverlappingRereads rereads = new OverlappingRereads();
        PlanModelsRepository stored = new PlanModelsRepository(null) {
            @Override
            public List<PlanModels> findAll() {
                return List.of(list(!rereads.older()));
            }
        };
        ModelRegistry registry = new ModelRegistry(null, null, stored, null, null, 300);

        rereads.run(registry::reload);

        assertEquals(Optional.of(true), registry.prefersWebSockets("gpt-5.4"), "the refreshed list is in use");
    }

    private static PlanModels list(boolean preferWebSockets) {
        return new PlanModels("plus", "{\"models\":[{\"slug\":\"gpt-5.4\",\"prefer_websockets\":" + preferWebSockets
                + "}]}", Instant.now());
    }
}
