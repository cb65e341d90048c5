package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.ScimEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.Revision;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * How one event of the log is published: a CloudEvent 1.0 (Kafka protocol binding, binary mode, so its attributes
 * are {@code ce_*} headers and its data the record's value, JSON).
 * <ul>
 *   <li>{@code id}: the event's id in the log, the same on every delivery and re-publication;</li>
 *   <li>{@code source}: {@code <scim.kafka.source>/tenants/<tenant id>}, the service and the tenant;</li>
 *   <li>{@code type}: {@code dev.scimledger.<event>.v<revision>}, e.g. {@code dev.scimledger.user-created.v1}: one
 *       per kind of event and shape of its data (the event's {@code @Revision});</li>
 *   <li>{@code subject}: the resource, {@code Users/<id>}, {@code Groups/<id>} or {@code Tenants/<id>};</li>
 *   <li>{@code time}: when the event was recorded;</li>
 *   <li>{@code dataschema}: {@code urn:scim-ledger:event-schema:<type>}, the {@code $id} of its JSON Schema in
 *       {@code docs/events/};</li>
 *   <li>extensions {@code sequence}: the resource's event sequence number (0, 1, 2 … per resource, as digits, zero
 *       padded to 19 so that its text order is its order), and {@code tenantid}.</li>
 * </ul>
 */
final class CloudEventFormat {

    static final String TYPE_PREFIX = "dev.scimledger.";
    static final String SCHEMA_PREFIX = "urn:scim-ledger:event-schema:";
    static final String SEQUENCE = "sequence";
    static final String TENANT = "tenantid";
    /** On re-published events only: the re-publication's id, so consumers can tell history from news. */
    static final String REPUBLICATION = "republication";

    private CloudEventFormat() {
    }

    static CloudEvent of(String source, ScimEvent event, DomainEventMessage<?> message, ObjectNode data,
                         ObjectMapper json, String republication) {
        String type = type(event.getClass());
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(message.getIdentifier())
                .withSource(URI.create(source + "/tenants/" + event.tenantId()))
                .withType(type)
                .withSubject(message.getType() + "s/" + message.getAggregateIdentifier())
                .withTime(message.getTimestamp().atOffset(ZoneOffset.UTC))
                .withDataSchema(URI.create(SCHEMA_PREFIX + type))
                .withDataContentType("application/json")
                .withExtension(SEQUENCE, sequence(message.getSequenceNumber()))
                .withExtension(TENANT, event.tenantId())
                .withData(bytes(json, data));
        if (republication != null) {
            builder.withExtension(REPUBLICATION, republication);
        }
        return builder.build();
    }

    /** {@code UserAttributesChangedEvent} with {@code @Revision("1")}: {@code dev.scimledger.user-attributes-changed.v1}. */
    static String type(Class<?> eventClass) {
        String name = eventClass.getSimpleName().replaceFirst("Event$", "");
        String kebab = name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        Revision revision = eventClass.getAnnotation(Revision.class);
        return TYPE_PREFIX + kebab + ".v" + (revision == null ? "0" : revision.value());
    }

    static String sequence(long sequenceNumber) {
        return String.format(Locale.ROOT, "%019d", sequenceNumber);
    }

    private static byte[] bytes(ObjectMapper json, ObjectNode data) {
        try {
            return json.writeValueAsBytes(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event's data", e);
        }
    }
}
