package dev.scimledger.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The gateway's settings ({@code scim.*}, each also an environment variable: {@code SCIM_ADMISSION_MAX_WAIT} is
 * {@code scim.admission.max-wait}), with their defaults here and nowhere else.
 *
 * @param basePath        where SCIM is served ({@code /api/service/scim})
 * @param publicBaseUrl   the service's URL as its clients reach it ({@code https://scim.example.com}), from which
 *                        {@code Location} and {@code meta.location} are built; blank: from the request as the service
 *                        received it (its Host, or what a trusted proxy's X-Forwarded-* say)
 * @param adminToken      the admin API's bearer token ({@code SCIM_ADMIN_TOKEN}); when blank, one is generated on
 *                        first start, printed once, and only its digest kept
 * @param defaultPageSize the page a list request returns when it names no count (cut to the tenant's maxResults)
 * @param maxRequestSize  the largest SCIM request body (and a Bulk request's maxPayloadSize)
 * @param maxImportSize   the largest account import body
 * @param searchTimeout   how long one audit trail page may take in the database
 * @param tokenCacheTime  how long a node keeps what it read of a token (another node's revocation holds after it)
 * @param admission       how many SCIM requests a node works on at once, and how long the rest may wait
 * @param cursor          the key that signs pagination cursors (blank: one made and kept in the database) and how
 *                        long a cursor lasts
 * @param rateLimit       a tenant's requests per second, unless its settings say otherwise
 * @param kafka           how often the publishing lag gauges are measured
 */
@ConfigurationProperties("scim")
public record GatewayProperties(@DefaultValue("/api/service/scim") String basePath,
                                @DefaultValue("") String publicBaseUrl,
                                String adminToken,
                                @DefaultValue("100") int defaultPageSize,
                                @DefaultValue("1MB") DataSize maxRequestSize,
                                @DefaultValue("256MB") DataSize maxImportSize,
                                @DefaultValue("PT10S") Duration searchTimeout,
                                @DefaultValue("PT0.5S") Duration tokenCacheTime,
                                @DefaultValue Admission admission,
                                @DefaultValue Cursor cursor,
                                @DefaultValue RateLimit rateLimit,
                                @DefaultValue Kafka kafka) {

    public GatewayProperties {
        publicBaseUrl = publicBaseUrl == null ? "" : publicBaseUrl.strip().replaceAll("/+$", "");
        if (!publicBaseUrl.isEmpty() && !publicBaseUrl.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
            throw new IllegalArgumentException("scim.public-base-url (SCIM_PUBLIC_BASE_URL) is an http or https URL"
                    + " with a host and no query, e.g. https://scim.example.com, not \"" + publicBaseUrl + "\"");
        }
    }

    /**
     * The defaults, but for where SCIM is served, the admin token and the default page (a factory, not a
     * constructor: a second constructor would leave Spring unsure which one binds the settings).
     */
    public static GatewayProperties of(String basePath, String adminToken, int defaultPageSize) {
        return new GatewayProperties(basePath, "", adminToken, defaultPageSize, DataSize.ofMegabytes(1), DataSize.ofMegabytes(256),
                Duration.ofSeconds(10), Duration.ofMillis(500), new Admission(12, Duration.ofSeconds(5)),
                new Cursor("", Duration.ofHours(1)), new RateLimit(500, 30), new Kafka(Duration.ofSeconds(5)));
    }

    public record Admission(@DefaultValue("12") int concurrentRequests, @DefaultValue("PT5S") Duration maxWait) {
    }

    public record Cursor(@DefaultValue("") String key, @DefaultValue("PT1H") Duration timeout) {
    }

    /**
     * @param perSecond              a token's requests per second (bursts to twice that), unless its tenant's settings
     *                               say otherwise
     * @param unknownTokensPerMinute unknown (well-formed, never issued) tokens one client address may present in a
     *                               minute before its further unknown tokens are 429 without a database query
     */
    public record RateLimit(@DefaultValue("500") int perSecond, @DefaultValue("30") int unknownTokensPerMinute) {
    }

    public record Kafka(@DefaultValue("PT5S") Duration lagMetricRefresh) {
    }
}
