package dev.scimledger.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus alert rules and the Grafana dashboard in {@code infra/monitoring} name metrics this service really
 * exports: every metric in every rule and panel is in a running node's scrape, and every rule has what Alertmanager
 * needs (a name, an expression, a severity, a summary).
 */
class MonitoringFilesTest extends RunningService {

    private static final Path MONITORING = Path.of("..", "infra", "monitoring");
    /** The service's own metrics, Axon's and Spring's HTTP ones: what the files may name ({@code up} is Prometheus's). */
    private static final Pattern METRIC = Pattern.compile(
            "\\b(scim_[a-z_]+|eventProcessor_[A-Za-z]+|commandBus_[A-Za-z]+|http_server_requests_seconds_[a-z]+)\\b");

    @Test
    @SuppressWarnings("unchecked")
    void everyMetricTheAlertsAndTheDashboardNameIsExported() throws Exception {
        Map<String, Object> rules = new Yaml().load(Files.readString(MONITORING.resolve("prometheus-alerts.yml")));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
                assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
                assertThat((Map<String, Object>) rule.get("annotations")).containsKey("summary");
                expressions.add(rule.get("expr").toString());
            }
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(8);
        JsonNode dashboard = JSON.readTree(MONITORING.resolve("grafana-dashboard.json").toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.get("targets")).as(panel.path("title").asText()).isNotEmpty();
            panel.get("targets").forEach(target -> expressions.add(target.get("expr").asText()));
        }

        Set<String> named = new TreeSet<>();
        for (String expression : expressions) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                named.add(metric.group(1));
            }
        }
        assertThat(named).contains("scim_requests_total", "scim_projection_lag_seconds",
                "scim_projection_quarantined_events", "scim_kafka_publishing_oldest_age_seconds",
                "eventProcessor_latency");

        // traffic, so that the per-request and per-command metrics exist
        TenantAccess tenant = newTenant();
        scim("POST", "/Users", tenant.token(), entraUser(unique("monitored"), "m"));
        scim("GET", "/Users/not-there", tenant.token(), null);
        String scrape = call("GET", "/admin/actuator/prometheus", ADMIN_TOKEN, null).raw().body();
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]", 2)[0]);
            }
        }
        assertThat(exported).as("the scrape").containsAll(named);
    }
}
