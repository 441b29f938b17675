package io.codexpool.admin.startup;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.logging.Logger;

import io.helidon.microprofile.server.ServerCdiExtension;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the service listens, said once the server is up: the bind address, the port actually used and the admin
 * site's address to open. Helidon's own start-up line always reads "localhost (and all other host addresses)",
 * whatever {@code server.host} is, so logging.properties silences it.
 */
@ApplicationScoped
public class ListeningAddress {
    /** Just after Helidon's server start ({@code PLATFORM_AFTER + 100}), when the port is known. */
    public static final int AFTER_SERVER_START = Interceptor.Priority.PLATFORM_AFTER + 101;
    private static final Logger LOG = Logger.getLogger(ListeningAddress.class.getName());

    private final String host;
    private volatile int port;

    @Inject
    public ListeningAddress(@ConfigProperty(name = "server.host", defaultValue = "0.0.0.0") String host) {
        String address = host.strip();
        this.host = address.startsWith("[") && address.endsWith("]")
                ? address.substring(1, address.length() - 1) : address;
    }

    void announce(@Observes @Priority(AFTER_SERVER_START) @Initialized(ApplicationScoped.class) Object event,
                  BeanManager beans) {
        port = beans.getExtension(ServerCdiExtension.class).port();
        if (everyAddress()) {
            LOG.info("Codex Pool is listening on every network address of this machine, port " + port
                    + ". Admin site: " + url(localHostName()) + "/admin (on this machine: " + adminUrl() + ")");
        } else {
            LOG.info("Codex Pool is listening on " + host + " port " + port + (loopback() ? " (this machine only)"
                    : " only") + ". Admin site: " + adminUrl());
        }
    }

    /** The admin site's address as a browser on this machine reaches it. */
    public String adminUrl() {
        return url(everyAddress() ? "127.0.0.1" : host) + "/admin";
    }

    private String url(String address) {
        return "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    private boolean everyAddress() {
        return host.equals("0.0.0.0") || host.equals("::");
    }

    private boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "<this machine's name>";
        }
    }
}
