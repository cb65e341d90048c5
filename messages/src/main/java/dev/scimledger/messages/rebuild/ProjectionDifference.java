package dev.scimledger.messages.rebuild;

/**
 * A row on which the live projection and its rebuild disagree. {@code key} names it ({@code User/<id>},
 * {@code Group/<id>}, {@code AuditEvent/<event id>}); {@code kind} is {@code content} (same version, other values),
 * {@code version}, {@code onlyLive} or {@code onlyRebuilt}. The versions are null where the row has none or is absent.
 */
public record ProjectionDifference(String key, String kind, Long liveVersion, Long rebuiltVersion) {
}
