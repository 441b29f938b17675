package io.codexpool.admin.events;

import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.persistence.events.Event;

/** An event as the JSON API shows it. */
final class EventView {
    private EventView() {
    }

    static Map<String, Object> json(Event event) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("occurredAt", event.occurredAt().toString());
        json.put("category", event.category());
        json.put("action", event.action());
        json.put("actor", event.actor());
        json.put("clientAddress", event.clientAddress());
        json.put("subject", event.subject());
        json.put("detail", event.detail());
        return json;
    }
}
