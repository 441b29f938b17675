package io.codexpool.admin.accounts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.codexpool.persistence.accounts.Account;
import io.codexpool.persistence.usage.UsageSample;

/** An account as pages and the API show it: identity, status, newest usage; never token text. */
public record AccountView(String id, String email, String chatgptAccountId, String planType, String status,
                          String deactivationReason, Instant createdAt, Instant lastRefreshAt,
                          boolean refreshTokenStored, Usage primary, Usage secondary) {

    /** One window's newest sample; {@code usedPercent} null when no sample exists yet. */
    public record Usage(Double usedPercent, Instant resetAt) {
        static Usage of(UsageSample sample) {
            return sample == null ? new Usage(null, null) : new Usage(sample.getUsedPercent(), sample.getResetAt());
        }

        /** Width of the usage bar, 0–100. */
        public double barPercent() {
            return usedPercent == null ? 0 : Math.max(0, Math.min(100, usedPercent));
        }

        public String barClass() {
            return barPercent() >= 100 ? "full" : barPercent() >= 80 ? "high" : "";
        }
    }

    public static AccountView of(Account account, UsageSample primary, UsageSample secondary) {
        return new AccountView(account.getId(), account.getEmail(), account.getChatgptAccountId(),
                account.getPlanType(), account.getStatus().wireName(), account.getDeactivationReason(),
                account.getCreatedAt(), account.getLastRefreshAt(), account.getRefreshTokenEncrypted() != null,
                Usage.of(primary), Usage.of(secondary));
    }

    public String label() {
        return email != null ? email : chatgptAccountId;
    }

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id);
        json.put("email", email);
        json.put("chatgptAccountId", chatgptAccountId);
        json.put("planType", planType);
        json.put("status", status);
        json.put("deactivationReason", deactivationReason);
        json.put("createdAt", text(createdAt));
        json.put("lastRefreshAt", text(lastRefreshAt));
        json.put("refreshTokenStored", refreshTokenStored);
        json.put("primaryUsedPercent", primary.usedPercent());
        json.put("primaryResetAt", text(primary.resetAt()));
        json.put("secondaryUsedPercent", secondary.usedPercent());
        json.put("secondaryResetAt", text(secondary.resetAt()));
        return json;
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
