package io.codexpool.admin.auth;

import java.util.logging.Logger;

import io.codexpool.admin.startup.ListeningAddress;
import io.codexpool.persistence.admin.AdminUserRepository;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The one-time token that lets a browser on another machine set the first admin password. It is printed at start-up
 * while no password exists; from the machine itself (loopback) no token is needed.
 */
@ApplicationScoped
public class BootstrapToken {
    private static final Logger LOG = Logger.getLogger(BootstrapToken.class.getName());

    private final String token;
    private final boolean configured;
    private final AdminUserRepository admins;
    private final boolean loopbackSetup;
    private final ListeningAddress address;

    @Inject
    public BootstrapToken(AdminConfig config, AdminUserRepository admins, ListeningAddress address) {
        this.loopbackSetup = config.loopbackSetup();
        this.configured = config.bootstrapToken().isPresent();
        this.token = config.bootstrapToken().orElseGet(Secrets::randomToken);
        this.admins = admins;
        this.address = address;
    }

    void announceAtStartup(@Observes @Priority(ListeningAddress.AFTER_SERVER_START + 1)
                           @Initialized(ApplicationScoped.class) Object event) {
        if (admins.findAdmin().isEmpty()) {
            // A configured token is already known to the operator and stays out of the log.
            LOG.info("No admin password is set. Open " + address.adminUrl() + " from this machine to set one, or "
                    + "from elsewhere with " + (configured ? "the configured codexpool.admin.bootstrap-token"
                    : "the bootstrap token " + token));
        }
    }

    /** Whether this client must present the token to set the first password. */
    boolean requiredFor(boolean localBrowser) {
        return !loopbackSetup || !localBrowser;
    }

    public boolean matches(String candidate) {
        return Secrets.constantTimeEquals(token, candidate);
    }
}
