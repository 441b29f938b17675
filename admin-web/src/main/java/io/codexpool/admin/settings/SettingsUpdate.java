package io.codexpool.admin.settings;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.codexpool.persistence.database.WireName;
import io.codexpool.persistence.settings.RoutingStrategy;
import io.codexpool.persistence.settings.Settings;
import io.codexpool.persistence.settings.UpstreamTransport;

/**
 * Applies typed-in values (camelCase names, as text) to the current settings: a name left out keeps its value; every
 * invalid value gets a message under its name, and then nothing is applied. The page and the JSON API share it.
 */
public final class SettingsUpdate {
    public static final String THRESHOLD = "budgetThresholdPercent";
    public static final String STRATEGY = "routingStrategy";
    public static final String PREFER_EARLIER_RESET = "preferEarlierReset";
    public static final String STICKY_THREADS = "stickyThreadsEnabled";
    public static final String TTL = "promptCacheAffinityTtlSeconds";
    public static final String TRANSPORT = "upstreamTransport";
    public static final String REQUEST_LOG_RETENTION = "requestLogRetentionDays";
    public static final String ROLLUP_RETENTION = "rollupRetentionDays";
    public static final String API_KEYS_REQUIRED = "apiKeysRequired";
    public static final String POOL_LOW = "poolLowPercent";
    /** Ten years: a bound, not a recommendation. */
    static final int MAX_RETENTION_DAYS = 3650;
    public static final Set<String> FIELDS = Set.of(THRESHOLD, STRATEGY, PREFER_EARLIER_RESET, STICKY_THREADS, TTL,
            TRANSPORT, REQUEST_LOG_RETENTION, ROLLUP_RETENTION, API_KEYS_REQUIRED,
            POOL_LOW);

    private final Map<String, String> errors = new LinkedHashMap<>();
    private final Settings result;

    private SettingsUpdate(Settings current, Map<String, String> values) {
        BigDecimal threshold = values.containsKey(THRESHOLD)
                ? percent(THRESHOLD, "Budget threshold", values.get(THRESHOLD))
                : current.getBudgetThresholdPercent();
        RoutingStrategy strategy = values.containsKey(STRATEGY)
                ? option(STRATEGY, RoutingStrategy.class, values.get(STRATEGY)) : current.getRoutingStrategy();
        boolean preferEarlierReset = values.containsKey(PREFER_EARLIER_RESET)
                ? bool(PREFER_EARLIER_RESET, values.get(PREFER_EARLIER_RESET)) : current.isPreferEarlierReset();
        boolean stickyThreads = values.containsKey(STICKY_THREADS)
                ? bool(STICKY_THREADS, values.get(STICKY_THREADS)) : current.isStickyThreadsEnabled();
        int ttl = values.containsKey(TTL) ? ttl(values.get(TTL)) : current.getPromptCacheAffinityTtlSeconds();
        UpstreamTransport transport = values.containsKey(TRANSPORT)
                ? option(TRANSPORT, UpstreamTransport.class, values.get(TRANSPORT)) : current.getUpstreamTransport();
        int requestLogDays = values.containsKey(REQUEST_LOG_RETENTION)
                ? days(REQUEST_LOG_RETENTION, "Request-log retention", values.get(REQUEST_LOG_RETENTION))
                : current.getRequestLogRetentionDays();
        int rollupDays = values.containsKey(ROLLUP_RETENTION)
                ? days(ROLLUP_RETENTION, "Rollup retention", values.get(ROLLUP_RETENTION))
                : current.getRollupRetentionDays();
        boolean apiKeysRequired = values.containsKey(API_KEYS_REQUIRED)
                ? bool(API_KEYS_REQUIRED, values.get(API_KEYS_REQUIRED)) : current.isApiKeysRequired();
        BigDecimal poolLow = values.containsKey(POOL_LOW)
                ? percent(POOL_LOW, "Pool-low alert threshold", values.get(POOL_LOW)) : current.getPoolLowPercent();
        this.result = errors.isEmpty()
                ? new Settings(strategy, threshold, preferEarlierReset, stickyThreads, ttl, transport, Instant.now())
                .withRetention(requestLogDays, rollupDays).setApiKeysRequired(apiKeysRequired)
                .withPoolLowPercent(poolLow)
                : null;
    }

    public static SettingsUpdate apply(Settings current, Map<String, String> values) {
        return new SettingsUpdate(current, values);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** Field name → message, in the order of the form. */
    public Map<String, String> errors() {
        return errors;
    }

    public Settings settings() {
        if (result == null) {
            throw new IllegalStateException("invalid settings: " + errors);
        }
        return result;
    }

    /** A percent from 0 to 100 with at most two decimals, as the DECIMAL(5,2) columns hold. */
    private BigDecimal percent(String field, String label, String text) {
        String message = label + " must be a number from 0 to 100, such as 95 or 97.5.";
        try {
            BigDecimal value = new BigDecimal(text.trim());
            if (value.compareTo(BigDecimal.ZERO) < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
                errors.put(field, message);
            } else if (value.stripTrailingZeros().scale() > 2) {
                errors.put(field, label + " takes at most two decimals.");
            }
            return value;
        } catch (NumberFormatException | NullPointerException e) {
            errors.put(field, message);
            return null;
        }
    }

    private int ttl(String text) {
        String message = "Prompt-cache affinity TTL must be a whole number of seconds, at least 1.";
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1) {
                errors.put(TTL, message);
            }
            return value;
        } catch (NumberFormatException | NullPointerException e) {
            errors.put(TTL, message);
            return 0;
        }
    }

    private int days(String field, String label, String text) {
        String message = label + " must be a whole number of days from 1 to " + MAX_RETENTION_DAYS + ".";
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1 || value > MAX_RETENTION_DAYS) {
                errors.put(field, message);
            }
            return value;
        } catch (NumberFormatException | NullPointerException e) {
            errors.put(field, message);
            return 0;
        }
    }

    private boolean bool(String field, String text) {
        if ("true".equalsIgnoreCase(text) || "on".equalsIgnoreCase(text)) {
            return true;
        }
        if (!"false".equalsIgnoreCase(text)) {
            errors.put(field, field + " must be true or false.");
        }
        return false;
    }

    private <E extends Enum<E> & WireName> E option(String field, Class<E> type, String text) {
        try {
            return WireName.parse(type, text == null ? "" : text.trim());
        } catch (IllegalArgumentException e) {
            errors.put(field, field + " must be one of " + Arrays.stream(type.getEnumConstants())
                    .map(WireName::wireName).collect(Collectors.joining(", ")) + ".");
            return null;
        }
    }
}
