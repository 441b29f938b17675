package io.codexpool.proxy.alerts;

import java.util.Map;

/**
 * A condition that holds now and that webhooks hear about once, when it starts.
 *
 * @param key     names the condition, e.g. {@code account.deactivated:<account id>}: the state kept per key is what
 *                stops it from alerting again until it clears
 * @param event   the event webhooks subscribe to
 * @param subject what it is about, as the delivery's {@code subject}
 * @param text    one readable line (what a Slack or Mattermost incoming webhook shows)
 */
public record Alert(String key, AlertEvent event, Map<String, Object> subject, String text) {
}
