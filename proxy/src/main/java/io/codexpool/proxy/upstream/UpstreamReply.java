package io.codexpool.proxy.upstream;

import java.io.InputStream;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

/** An open upstream reply: status and headers now, the body as it arrives. Close it when done. */
public final class UpstreamReply implements AutoCloseable {
    private final Response response;

    UpstreamReply(Response response) {
        this.response = response;
    }

    public int status() {
        return response.getStatus();
    }

    public MultivaluedMap<String, String> headers() {
        return response.getStringHeaders();
    }

    public String header(String name) {
        return response.getHeaderString(name);
    }

    public InputStream body() {
        return response.readEntity(InputStream.class);
    }

    public byte[] bodyBytes() {
        return response.readEntity(byte[].class);
    }

    @Override
    public void close() {
        response.close();
    }
}
