package io.codexpool.benchmark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.codexpool.testing.ServiceProcess;

/**
 * nginx from the distribution's package as the reference reverse proxy in front of the same upstream: response
 * buffering off (each event goes on at once, as Codex Pool relays it), HTTP/1.1 keep-alive to the upstream, and its
 * configuration, pid file, temp folders and logs in the benchmark's work directory, so it needs no system file.
 */
final class NginxProxy implements AutoCloseable {
    static final Path BINARY = Path.of(System.getProperty("bench.nginx", "/usr/sbin/nginx"));
    private static final String CONFIG = """
            worker_processes auto;
            pid %1$s/nginx.pid;
            error_log %1$s/error.log warn;
            daemon off;
            events { worker_connections 4096; }
            http {
                access_log %1$s/access.log;
                client_body_temp_path %1$s/client_body;
                proxy_temp_path %1$s/proxy;
                fastcgi_temp_path %1$s/fastcgi;
                uwsgi_temp_path %1$s/uwsgi;
                scgi_temp_path %1$s/scgi;
                upstream backend {
                    server 127.0.0.1:%2$d;
                    keepalive 128;
                }
                server {
                    listen 127.0.0.1:%3$d;
                    tcp_nodelay on;
                    location / {
                        proxy_pass http://backend;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_buffering off;
                        proxy_read_timeout 600s;
                    }
                }
            }
            """;

    private final Process process;
    private final int port;

    private NginxProxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Started and listening, or empty with the reason on standard error when there is no nginx to start. */
    static Optional<NginxProxy> start(Path workDir, int upstreamPort) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            System.err.println("benchmark: no nginx at " + BINARY + " (install Debian's nginx package, or set "
                    + "-Dbench.nginx=...): the nginx column is left out");
            return Optional.empty();
        }
        Path dir = workDir.resolve("nginx").toAbsolutePath();
        Files.createDirectories(dir);
        int port = ServiceProcess.freePort();
        Files.writeString(dir.resolve("nginx.conf"), CONFIG.formatted(dir, upstreamPort, port));
        Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        NginxProxy nginx = new NginxProxy(process, port);
        nginx.awaitListening(Duration.ofSeconds(10), dir);
        return Optional.of(nginx);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port + "/backend-api";
    }

    /** The master process; its workers are its children. */
    long pid() {
        return process.pid();
    }

    private void awaitListening(Duration timeout, Path dir) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50); // polling a deadline-bounded wait for nginx to listen
            }
        }
        throw new IllegalStateException("nginx did not listen within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
