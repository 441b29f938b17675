package io.codexpool.proxy.alerts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Webhook URLs are secrets (Slack and Mattermost carry the credential in the path): after creation only their masked
 * form, scheme and host, is shown anywhere.
 */
public final class WebhookUrls {
    public static final int MAX_LENGTH = 2000;

    private WebhookUrls() {
    }

    /** Why the URL cannot be used, or null when it can: an absolute http(s) URL with a host, of bounded length. */
    public static String problem(String url) {
        if (url == null || url.isBlank()) {
            return "Enter the receiver's URL.";
        }
        if (url.length() > MAX_LENGTH) {
            return "The URL is longer than " + MAX_LENGTH + " characters.";
        }
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return "The URL must start with https:// (or http://) and name a host.";
            }
            return null;
        } catch (URISyntaxException e) {
            return "That is not a valid URL.";
        }
    }

    /** {@code https://hooks.example.com/…}: enough to tell receivers apart, nothing of the secret path or query. */
    public static String mask(String url) {
        URI uri = URI.create(url.strip());
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + "/…";
    }
}
