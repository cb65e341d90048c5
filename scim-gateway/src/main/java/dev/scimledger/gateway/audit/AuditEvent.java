package dev.scimledger.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * One row of the audit trail as an admin sees it: what happened (type, resource, changed attributes), when
 * (occurredAt: the request's time; recordedAt: when the trail wrote it), who (actor) and from where (request id,
 * client address, user agent).
 *
 * @param actor null for an event recorded without one
 */
public record AuditEvent(String eventId, Instant occurredAt, Instant recordedAt, String tenantId, String resourceType,
                         String resourceId, long sequenceNumber, String type, Actor actor, String requestId,
                         String clientAddress, String userAgent, List<String> changedAttributes) {

    /**
     * @param id   a SCIM token's id, or an admin actor ({@code admin-api}, {@code cli:<os user>}, {@code upgrade})
     * @param name the token's name when the actor is one of the tenant's tokens; otherwise the actor itself
     */
    public record Actor(String id, String name) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The columns of the CSV export, in order. */
    static final List<String> CSV_COLUMNS = List.of("eventId", "occurredAt", "recordedAt", "tenantId", "resourceType",
            "resourceId", "sequenceNumber", "type", "actorId", "actorName", "requestId", "clientAddress", "userAgent",
            "changedAttributes");

    /** The JSON form, the same on a page and in a JSON Lines export; absent values are null, never left out. */
    public ObjectNode toJson() {
        try (TokenBuffer buffer = new TokenBuffer(JSON, false)) {
            writeJson(buffer);
            return JSON.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #toJson()} as one JSON object (straight to the generator: an export does this a million times). */
    public void writeJson(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("eventId", eventId);
        out.writeStringField("occurredAt", occurredAt.toString());
        out.writeStringField("recordedAt", recordedAt.toString());
        out.writeStringField("tenantId", tenantId);
        out.writeStringField("resourceType", resourceType);
        out.writeStringField("resourceId", resourceId);
        out.writeNumberField("sequenceNumber", sequenceNumber);
        out.writeStringField("type", type);
        if (actor == null) {
            out.writeNullField("actor");
        } else {
            out.writeObjectFieldStart("actor");
            out.writeStringField("id", actor.id());
            out.writeStringField("name", actor.name());
            out.writeEndObject();
        }
        out.writeStringField("requestId", requestId);
        out.writeStringField("clientAddress", clientAddress);
        out.writeStringField("userAgent", userAgent);
        out.writeArrayFieldStart("changedAttributes");
        for (String name : changedAttributes) {
            out.writeString(name);
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** The CSV record (RFC 4180), without its line break: {@link #CSV_COLUMNS}, absent values empty. */
    void appendCsv(StringBuilder line) {
        Csv.field(line, eventId).append(',');
        Csv.field(line, occurredAt.toString()).append(',');
        Csv.field(line, recordedAt.toString()).append(',');
        Csv.field(line, tenantId).append(',');
        Csv.field(line, resourceType).append(',');
        Csv.field(line, resourceId).append(',');
        line.append(sequenceNumber).append(',');
        Csv.field(line, type).append(',');
        Csv.field(line, actor == null ? null : actor.id()).append(',');
        Csv.field(line, actor == null ? null : actor.name()).append(',');
        Csv.field(line, requestId).append(',');
        Csv.field(line, clientAddress).append(',');
        Csv.field(line, userAgent).append(',');
        Csv.field(line, String.join(";", changedAttributes));
    }
}
