package io.codexpool.admin.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.codexpool.persistence.apikeys.ApiKey;
import io.codexpool.persistence.apikeys.ApiKeyRepository;
import io.codexpool.persistence.history.ApiKeyTotals;
import io.codexpool.persistence.history.RequestHistory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The dashboard's top keys by tokens and by cost, over 24 hours and 7 days. */
@ApplicationScoped
public class TopKeys {
    private static final int SHOWN = 5;

    private final RequestHistory history;
    private final ApiKeyRepository keys;

    @Inject
    public TopKeys(RequestHistory history, ApiKeyRepository keys) {
        this.history = history;
        this.keys = keys;
    }

    /** One key's line: its name (or id, once deleted) and totals. */
    public record Line(String id, String name, long requests, long tokens, java.math.BigDecimal costUsd) {
    }

    /** A span's top keys, by tokens and by cost. */
    public record Ranking(String span, List<Line> byTokens, List<Line> byCost) {
    }

    public List<Ranking> rankings() {
        Map<String, String> names = keys.findAll().stream().collect(Collectors.toMap(ApiKey::getId, ApiKey::getName));
        // whole hours, the current one included, as the dashboard's other totals
        Instant thisHour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        return List.of(ranking("Last 24 h", thisHour.minus(Duration.ofHours(23)), names),
                ranking("Last 7 days", thisHour.minus(Duration.ofDays(7).minusHours(1)), names));
    }

    private Ranking ranking(String span, Instant since, Map<String, String> names) {
        List<Line> lines = history.perApiKey(since).stream().map(t -> line(t, names)).toList();
        return new Ranking(span, lines.stream().sorted(Comparator.comparingLong(Line::tokens).reversed())
                .limit(SHOWN).toList(), lines.stream().sorted(Comparator.comparing(Line::costUsd).reversed())
                .limit(SHOWN).toList());
    }

    private static Line line(ApiKeyTotals totals, Map<String, String> names) {
        return new Line(totals.apiKeyId(), names.getOrDefault(totals.apiKeyId(), totals.apiKeyId()),
                totals.requests(), totals.tokens(), totals.costUsd());
    }
}
