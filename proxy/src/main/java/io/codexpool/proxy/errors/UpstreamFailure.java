package io.codexpool.proxy.errors;

/** Every attempt failed: the client gets the last upstream status and body as they were. */
public final class UpstreamFailure extends RuntimeException {
    private final int status;
    private final byte[] body;
    private final String code;

    public UpstreamFailure(int status, byte[] body, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.body = body;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public byte[] body() {
        return body;
    }

    public String code() {
        return code;
    }
}
