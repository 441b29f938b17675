package io.codexpool.proxy.apikeys;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.codexpool.persistence.apikeys.ApiKey;

/**
 * What the proxy knows of a key, read from its row: who it is and what it may do. Empty sets mean "any".
 *
 * @param hash the SHA-256 of the secret
 */
public record KeyPolicy(String id, String name, String prefix, byte[] hash, boolean enabled, Instant expiresAt,
                        Set<String> allowedModels, Set<String> accountIds, Integer maxConcurrentTurns,
                        List<LimitRule> limits) {
    public static KeyPolicy of(ApiKey row) {
        return new KeyPolicy(row.getId(), row.getName(), row.getKeyPrefix(), KeySecrets.fromHex(row.getKeyHash()),
                row.isEnabled(), row.getExpiresAt(), Set.copyOf(KeyJson.strings(row.getAllowedModels())),
                Set.copyOf(KeyJson.strings(row.getAccountIds())), row.getMaxConcurrentTurns(),
                KeyJson.rules(row.getLimitRules()));
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }

    public boolean allowsModel(String model) {
        return allowedModels.isEmpty() || model == null || allowedModels.contains(model);
    }

    public boolean mayUseAccount(String accountId) {
        return accountIds.isEmpty() || accountIds.contains(accountId);
    }

    /** "enabled", "disabled" or "expired", as pages and the API show it. */
    public String status(Instant now) {
        return !enabled ? "disabled" : expired(now) ? "expired" : "enabled";
    }
}
