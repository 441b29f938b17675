package io.codexpool.proxy.alerts;

import java.util.Arrays;
import java.util.List;

/** The events a webhook can subscribe to, by their wire names. */
public enum AlertEvent {
    /** An account needs a new sign-in. */
    ACCOUNT_DEACTIVATED("account.deactivated"),
    /** An account is out of its 5-hour or weekly window until the reset. */
    ACCOUNT_LIMITED("account.limited"),
    /** The pool's remaining share of the 5-hour or weekly window is below the {@code poolLowPercent} setting. */
    POOL_LOW("pool.low"),
    /** Every account that may take requests is limited: clients get 429 until a reset. */
    POOL_EXHAUSTED("pool.exhausted"),
    /** A replica is dropping request-log rows it cannot write. */
    REQUEST_LOG_DROPPING("request_log.dropping");

    /** What the test button sends; no webhook subscribes to it, each gets it on request. */
    public static final String TEST = "webhook.test";

    private final String wireName;

    AlertEvent(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(AlertEvent::wireName).toList();
    }
}
