package io.codexpool.proxy.errors;

/** The client's request is wrong: 400 (or the given status) with {@code param} naming the field. */
public class InvalidRequest extends RuntimeException {
    private final int status;
    private final String param;
    private final String code;

    public InvalidRequest(String message, String param) {
        this(400, message, param, "invalid_request_error");
    }

    public InvalidRequest(int status, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
