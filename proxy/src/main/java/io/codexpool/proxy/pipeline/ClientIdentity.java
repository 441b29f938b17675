package io.codexpool.proxy.pipeline;

import java.util.Optional;

import io.codexpool.persistence.requestlogs.RequestLog;
import io.codexpool.proxy.apikeys.KeyAdmission;
import io.codexpool.proxy.apikeys.KeyGate;
import io.codexpool.proxy.apikeys.KeyPolicy;
import io.codexpool.proxy.apikeys.KeyRefused;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The client-identity step and every other place API keys touch a turn: who the {@code Authorization: Bearer} key
 * belongs to (before the body is read; for a WebSocket at its handshake and again each turn), whether it may send
 * this turn now, which accounts it may use, and at the log step its concurrency place back and its usage charged.
 */
@ApplicationScoped
public class ClientIdentity {
    private final KeyGate keys;

    @Inject
    public ClientIdentity(KeyGate keys) {
        this.keys = keys;
    }

    /**
     * The valid key of a request, empty when it has none and keys are not required.
     *
     * @param authorization the request's {@code Authorization} header, or null
     * @throws KeyRefused when keys are required and the request has no valid key
     */
    public Optional<KeyPolicy> identify(String authorization) {
        return keys.identify(authorization);
    }

    /** Whether a WebSocket handshake with this {@code Authorization} may be upgraded. */
    public boolean letsIn(String authorization) {
        try {
            identify(authorization);
            return true;
        } catch (KeyRefused refused) {
            return false;
        }
    }

    /** Checks the key's limits for {@code model} and takes its concurrency place; {@link KeyRefused} when full. */
    KeyAdmission admit(Optional<KeyPolicy> key, String model) {
        return keys.admit(key, model);
    }

    /** The accounts the turn may be routed to: a key may be restricted to some. */
    static AccountScope accounts(KeyAdmission admission) {
        return new AccountScope(admission::mayUseAccount, admission.restrictsAccounts());
    }

    /** The log step: the key's place back, and what the response used charged to it. */
    void finished(KeyAdmission admission, RequestLog row) {
        admission.finished(row);
    }
}
