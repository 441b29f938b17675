package io.codexpool.admin.requestlogs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The API keys' names by id, for the request-log page's key filter and column. */
@ApplicationScoped
public class ApiKeyNames {
    private final ApiKeyRepository keys;

    @Inject
    public ApiKeyNames(ApiKeyRepository keys) {
        this.keys = keys;
    }

    Map<String, String> byId() {
        return keys.findAll().stream().collect(Collectors.toMap(ApiKey::getId, ApiKey::getName, (a, b) -> a,
                LinkedHashMap::new));
    }
}
