package io.codexpool.benchmark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The SSE streams the benchmark upstream sends, rendered once as bytes so that serving them costs the upstream next to
 * nothing: the benchmark should measure the proxy, not the fake.
 */
enum StreamShape {
    /** 40 events of about 200 bytes: created, in_progress, 37 text deltas, completed with usage. */
    NORMAL,
    /** Like {@link #NORMAL}, with the middle delta replaced by a 1 MiB partial-image event. */
    LARGE,
    /** {@code response.created}, then nothing until released, then completed: an idle open stream. */
    STALL;

    static final int EVENTS = 40;
    static final int LARGE_EVENT_BYTES = 1024 * 1024;
    private static final String RESPONSE = "{\"id\":\"resp_bench\",\"object\":\"response\",\"created_at\":1767225600,"
            + "\"status\":\"%s\",\"model\":\"gpt-5.4\",\"output\":[],\"usage\":%s}";
    private static final String USAGE = "{\"input_tokens\":1200,\"input_tokens_details\":{\"cached_tokens\":800},"
            + "\"output_tokens\":150,\"output_tokens_details\":{\"reasoning_tokens\":40},\"total_tokens\":1350}";

    static byte[] created() {
        return event("response.created", "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":"
                + RESPONSE.formatted("in_progress", "null") + "}");
    }

    static byte[] inProgress() {
        return event("response.in_progress", "{\"type\":\"response.in_progress\",\"sequence_number\":1,"
                + "\"response\":" + RESPONSE.formatted("in_progress", "null") + "}");
    }

    /** A text delta of about 200 bytes on the wire, as the backend sends them (with its obfuscation padding). */
    static byte[] delta(int sequence) {
        return event("response.output_text.delta", "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
                + sequence + ",\"item_id\":\"msg_bench\",\"output_index\":0,\"content_index\":0,"
                + "\"delta\":\" token\",\"obfuscation\":\"" + "x".repeat(24) + "\"}");
    }

    static byte[] largeEvent(int sequence) {
        String prefix = "{\"type\":\"response.image_generation_call.partial_image\",\"sequence_number\":" + sequence
                + ",\"item_id\":\"ig_bench\",\"output_index\":0,\"partial_image_index\":0,\"partial_image_b64\":\"";
        return event("response.image_generation_call.partial_image",
                prefix + "A".repeat(LARGE_EVENT_BYTES - prefix.length() - 2) + "\"}");
    }

    static byte[] completed(int sequence) {
        return event("response.completed", "{\"type\":\"response.completed\",\"sequence_number\":" + sequence
                + ",\"response\":" + RESPONSE.formatted("completed", USAGE) + "}");
    }

    /** The events of this shape before any stall, in order. */
    List<byte[]> events() {
        List<byte[]> events = new ArrayList<>();
        events.add(created());
        if (this == STALL) {
            return events;
        }
        events.add(inProgress());
        for (int sequence = 2; sequence < EVENTS - 1; sequence++) {
            events.add(this == LARGE && sequence == EVENTS / 2 ? largeEvent(sequence) : delta(sequence));
        }
        events.add(completed(EVENTS - 1));
        return events;
    }

    /** {@code count} deltas then completed, for measuring the relay's cost per event. */
    static List<byte[]> burst(int count) {
        List<byte[]> events = new ArrayList<>(count + 2);
        events.add(created());
        for (int sequence = 1; sequence <= count; sequence++) {
            events.add(delta(sequence));
        }
        events.add(completed(count + 1));
        return events;
    }

    static int totalBytes(List<byte[]> events) {
        return events.stream().mapToInt(e -> e.length).sum();
    }

    private static byte[] event(String type, String data) {
        return ("event: " + type + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
