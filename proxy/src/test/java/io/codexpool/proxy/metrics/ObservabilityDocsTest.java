package io.codexpool.proxy.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.codexpool.persistence.settings.UpstreamTransport;
import io.codexpool.proxy.apikeys.TestKeys;
import io.codexpool.proxy.gauges.PoolGauges;
import io.codexpool.proxy.testing.ProxyTestKit;
import io.codexpool.testing.Poll;
import io.codexpool.testing.TestDatabase;
import io.helidon.microprofile.testing.junit5.AddBean;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard and the Prometheus alert rules in {@code docs/observability} only name series that
 * {@code /metrics} exports (after one request, as on any service in use), so neither shows empty panels or never fires.
 */
@ExtendWith({TestDatabase.class, ProxyTestKit.FakeBackendConfig.class})
@HelidonTest
@AddBean(ProxyTestKit.class)
@AddBean(TestKeys.class)
class ObservabilityDocsTest {
    private static final Path DOCS = Path.of("..", "docs", "observability");
    private static final Pattern SERIES = Pattern.compile("codexpool_[a-z0-9_]+");

    @Inject
    ProxyTestKit kit;
    @Inject
    TestKeys keys;
    @Inject
    WebTarget target;

    @Test
    void everySeriesTheDashboardAndTheRulesNameIsExported() throws Exception {
        kit.reset(target, UpstreamTransport.HTTP);
        String account = kit.account("acc-docs", 10, 10);
        keys.create("docs"); // per-key series exist once a key does
        assertEquals(200, kit.post("/v1/responses", "{\"model\":\"gpt-5.4\",\"input\":\"hi\"}").statusCode());
        Set<String> exported = Poll.until("account series", Duration.ofSeconds(10), kit::scrape,
                scrape -> scrape.has(PoolGauges.ACCOUNT_STATUS, "account", "acc-docs@example.com", "account_id",
                        account, "status", "active")).names();

        String dashboard = Files.readString(DOCS.resolve("grafana-dashboard.json"));
        JsonNode json = new ObjectMapper().readTree(dashboard);
        assertFalse(json.path("panels").isEmpty(), "an importable dashboard with panels");
        Set<String> referenced = new TreeSet<>(names(dashboard));
        String rules = Files.readString(DOCS.resolve("prometheus-rules.yml"));
        List<String> ruleNames = names(rules);
        assertEquals(4, rules.lines().filter(line -> line.strip().startsWith("- alert:")).count(), rules);
        referenced.addAll(ruleNames);

        Set<String> missing = new TreeSet<>(referenced);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "referenced but not exported: " + missing + "\nexported: " + exported);
        // and the other way round: every codexpool series is on the dashboard
        Set<String> unused = new TreeSet<>(exported.stream().filter(name -> name.startsWith("codexpool_"))
                .map(ObservabilityDocsTest::family).toList());
        referenced.stream().map(ObservabilityDocsTest::family).toList().forEach(unused::remove);
        assertTrue(unused.isEmpty(), "exported but on no panel: " + unused);
    }

    /** The metric a series belongs to: a histogram's {@code _bucket}, {@code _count}, {@code _sum}, {@code _max}. */
    private static String family(String series) {
        return series.replaceAll("_(bucket|count|sum|max)$", "");
    }

    private static List<String> names(String text) {
        Matcher matcher = SERIES.matcher(text);
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }
}
