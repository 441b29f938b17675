package io.codexpool.admin.accounts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Codex auth.json files with fake but well-formed tokens, and the token texts no response may contain. */
public final class FakeAuthJson {
    public static final String ACCESS_SIGNATURE = "fakeAccessSig7Q2xVmK9pL";
    public static final String REFRESH_TOKEN = "rt_fakeRefreshToken_9d8c7b6a5f4e3d2c1b0a";
    public static final String ID_SIGNATURE = "fakeIdSig4Hn8RtW2zY";

    private FakeAuthJson() {
    }

    public static String idToken(String email, String accountId, String plan) {
        return jwt("{\"email\":\"" + email + "\",\"https://api.openai.com/auth\":{\"chatgpt_account_id\":\""
                + accountId + "\",\"chatgpt_plan_type\":\"" + plan + "\"}}", ID_SIGNATURE);
    }

    public static String accessToken() {
        return jwt("{\"exp\":4102444800,\"scp\":[\"openid\"]}", ACCESS_SIGNATURE);
    }

    public static String authJson(String email, String accountId, String plan) {
        return "{\"OPENAI_API_KEY\":null,\"tokens\":{\"id_token\":\"" + idToken(email, accountId, plan)
                + "\",\"access_token\":\"" + accessToken() + "\",\"refresh_token\":\"" + REFRESH_TOKEN
                + "\",\"account_id\":\"" + accountId + "\"},\"last_refresh\":\"2026-11-20T10:00:00Z\"}";
    }

    /** Every token, and distinctive fragments of each, that must never be sent back. */
    public static List<String> secrets(String email, String accountId, String plan) {
        String id = idToken(email, accountId, plan);
        String access = accessToken();
        return List.of(id, access, REFRESH_TOKEN, ACCESS_SIGNATURE, ID_SIGNATURE, id.split("\\.")[1],
                access.split("\\.")[1], "rt_fakeRefresh");
    }

    private static String jwt(String payload, String signature) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }
}
