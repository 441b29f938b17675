package io.codexpool.proxy.upstream;

/** How a request travels to the ChatGPT backend; {@link #wireName()} is what request logs store. */
public enum Transport {
    HTTP("http"),
    WEBSOCKET("websocket");

    private final String wireName;

    Transport(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
