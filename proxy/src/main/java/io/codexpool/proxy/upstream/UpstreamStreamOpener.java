package io.codexpool.proxy.upstream;

/** Opens the upstream stream of one attempt over some transport. The failover pipeline checks its first event. */
public interface UpstreamStreamOpener {
    UpstreamEvents open(UpstreamTurn turn) throws UpstreamRefused;
}
