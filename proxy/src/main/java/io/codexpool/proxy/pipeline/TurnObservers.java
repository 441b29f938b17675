package io.codexpool.proxy.pipeline;

import java.util.List;

import io.codexpool.persistence.requestlogs.RequestLog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/** Every {@link TurnObserver} bean, told each event in turn. */
@ApplicationScoped
public class TurnObservers {
    private final List<TurnObserver> observers;

    @Inject
    public TurnObservers(Instance<TurnObserver> observers) {
        this.observers = observers.stream().toList();
    }

    public void clientSocket(boolean opened) {
        observers.forEach(observer -> observer.clientSocket(opened));
    }

    public void upstreamAttempt(String outcome) {
        observers.forEach(observer -> observer.upstreamAttempt(outcome));
    }

    public void failover(String reason) {
        observers.forEach(observer -> observer.failover(reason));
    }

    public void streamStarted() {
        observers.forEach(TurnObserver::streamStarted);
    }

    public void finished(RequestLog row, boolean streamed) {
        observers.forEach(observer -> observer.finished(row, streamed));
    }
}
