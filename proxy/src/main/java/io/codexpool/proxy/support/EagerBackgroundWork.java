package io.codexpool.proxy.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

/**
 * {@link BackgroundWork} that starts with the service rather than on first use: jobs nothing calls (clean-ups,
 * monitors, pollers) would otherwise never start, since CDI creates an application-scoped bean only when it is used.
 */
public abstract class EagerBackgroundWork extends BackgroundWork {
    protected void startWithTheService(@Observes @Initialized(ApplicationScoped.class) Object event) {
        // observing start-up is what creates the bean, and so starts its work
    }
}
