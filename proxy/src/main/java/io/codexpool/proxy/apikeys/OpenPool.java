package io.codexpool.proxy.apikeys;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Logger;

import io.codexpool.proxy.settings.SettingsCache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether the pool is open to strangers: API keys are not required and the service listens on an address other
 * machines can reach. Start-up says so in the log and the dashboard shows it as a banner.
 */
@ApplicationScoped
public class OpenPool {
    private static final Logger LOG = Logger.getLogger(OpenPool.class.getName());

    private final SettingsCache settings;
    private final String host;
    private final boolean reachableFromOutside;

    @Inject
    public OpenPool(SettingsCache settings,
                    @ConfigProperty(name = "server.host", defaultValue = "0.0.0.0") String host) {
        this.settings = settings;
        this.host = host;
        this.reachableFromOutside = !loopback(host);
    }

    void warnAtStartup(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (open()) {
            LOG.warning("The proxy listens on " + host + " and API keys are not required: anyone who reaches the "
                    + "port can spend the pooled accounts. Create keys and turn on 'API keys required' in the "
                    + "admin settings.");
        }
    }

    /** True while anyone who reaches the port can use the pooled accounts. */
    public boolean open() {
        return reachableFromOutside && !settings.current().apiKeysRequired();
    }

    /** The address the service listens on. */
    public String host() {
        return host;
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
