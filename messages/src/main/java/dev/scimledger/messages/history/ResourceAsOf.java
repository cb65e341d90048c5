package dev.scimledger.messages.history;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;

/**
 * A resource as it was at {@code at}. {@code state}: "absent" (not created yet, or never in this tenant), "present",
 * "deleted", or "erased" (a deleted user whose personal data was erased: at every instant, its personal values read
 * as "[erased]"). Users have {@code active}; groups have {@code members} (ids and types, in the order they joined).
 *
 * @param version      the sequence number of the last event at or before {@code at} (-1 when absent)
 * @param lastModified when that event happened
 */
public record ResourceAsOf(String tenantId, String resourceType, String id, Instant at, String state,
                           ObjectNode attributes, Boolean active, List<Member> members, long version,
                           Instant lastModified) {

    public record Member(String value, String type) {
    }
}
