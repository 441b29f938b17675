package io.codexpool.proxy.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code /metrics} scrape (Prometheus text format), looked up by series name and labels. The registry's own
 * {@code mp_scope} label is ignored, so tests name series as dashboards do.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Double> samples = new HashMap<>();
    private final Set<String> names = new TreeSet<>();

    private PrometheusText(String text) {
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (line.startsWith("#") || !sample.find()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    if (!label.group(1).equals("mp_scope")) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
            }
            names.add(sample.group(1));
            samples.put(key(sample.group(1), labels), Double.parseDouble(sample.group(4)));
        }
    }

    public static PrometheusText parse(String text) {
        return new PrometheusText(text);
    }

    /** Every series name in the scrape ({@code _bucket}, {@code _count}, ... included). */
    public Set<String> names() {
        return names;
    }

    /** The sample with exactly these labels ({@code name, value, name, value, ...}), or 0 when there is none. */
    public double value(String name, String... labels) {
        return samples.getOrDefault(key(name, labels), 0.0);
    }

    /** Whether a sample with exactly these labels is present. */
    public boolean has(String name, String... labels) {
        return samples.containsKey(key(name, labels));
    }

    private static String key(String name, String... labels) {
        Map<String, String> wanted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        return key(name, wanted);
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }
}
