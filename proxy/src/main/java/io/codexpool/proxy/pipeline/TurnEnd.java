package io.codexpool.proxy.pipeline;

import java.util.function.ObjIntConsumer;

import io.codexpool.proxy.apikeys.KeyAdmission;
import io.codexpool.proxy.chains.ChainTurn;
import io.codexpool.proxy.requestlogs.RequestRecord;
import io.codexpool.proxy.upstream.EventSink;

/**
 * A turn under way: its record, the API key that let it in, its conversation chain, and its last step, the log,
 * which runs once with the turn's status whoever calls it first (the reply writer when the answer ends, the pipeline
 * when the turn failed).
 */
public final class TurnEnd {
    private final RequestRecord record;
    private final ObjIntConsumer<TurnEnd> log;
    private KeyAdmission admission = KeyAdmission.NONE;
    private ChainTurn chain;

    TurnEnd(RequestRecord record, ObjIntConsumer<TurnEnd> log) {
        this.record = record;
        this.log = log;
    }

    public RequestRecord record() {
        return record;
    }

    KeyAdmission admission() {
        return admission;
    }

    void admitted(KeyAdmission admission) {
        this.admission = admission;
        record.apiKey(admission.keyId());
    }

    void chain(ChainTurn chain) {
        this.chain = chain;
    }

    /** Where the relay sends events: {@code sink}, through the turn's conversation chain when it has one. */
    EventSink through(EventSink sink) {
        return ChainTurn.capturing(chain, sink);
    }

    /** Upstream's answer is complete: the API key's place under its concurrency cap is free for the next turn. */
    void answered() {
        admission.answered();
    }

    /** Logs the turn with this status; later calls change nothing. */
    public void finish(int status) {
        log.accept(this, status);
    }
}
