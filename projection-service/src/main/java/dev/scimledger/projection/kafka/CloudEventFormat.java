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
 * An event too large for a Kafka record is published {@linkplain #byReference by reference}: the same attributes, no
 * data, and the CloudEvents {@code dataref} extension naming where the admin API serves its data.
 */
final class CloudEventFormat {

    static final String TYPE_PREFIX = "dev.scimledger.";
    static final String SCHEMA_PREFIX = "urn:scim-ledger:event-schema:";
    static final String SEQUENCE = "sequence";
    static final String TENANT = "tenantid";
    /** On re-published events only: the re-publication's id, so consumers can tell history from news. */
    static final String REPUBLICATION = "republication";
    /** The CloudEvents extension for data kept elsewhere (a URI reference), on events published by reference. */
    static final String DATAREF = "dataref";

    private CloudEventFormat() {
    }

    static CloudEvent of(String source, ScimEvent event, DomainEventMessage<?> message, ObjectNode data,
                         ObjectMapper json, String republication) {
        return attributes(source, event, message, republication)
                .withDataContentType("application/json")
                .withData(bytes(json, data))
                .build();
    }

    /**
     * The event without its data, which {@code dataref} locates ({@link #dataref}): for an event whose data would make
     * a record larger than the producer may send. Consumers that need the data fetch it there. The record's value is
     * empty, not null: a null value would read as a tombstone, and the CloudEvents deserializer reads no event from it.
     */
    static CloudEvent byReference(String source, ScimEvent event, DomainEventMessage<?> message, String republication) {
        return attributes(source, event, message, republication)
                .withExtension(DATAREF, URI.create(dataref(event, message)))
                .withData(new byte[0])
                .build();
    }

    /** Where the admin API serves the event's data: relative to the service's base URL. */
    static String dataref(ScimEvent event, DomainEventMessage<?> message) {
        return "/admin/tenants/" + event.tenantId() + "/events/" + message.getIdentifier();
    }

    private static CloudEventBuilder attributes(String source, ScimEvent event, DomainEventMessage<?> message,
                                                String republication) {
        String type = type(event.getClass());
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(message.getIdentifier())
                .withSource(URI.create(source + "/tenants/" + event.tenantId()))
                .withType(type)
                .withSubject(subject(message))
                .withTime(message.getTimestamp().atOffset(ZoneOffset.UTC))
                .withDataSchema(URI.create(SCHEMA_PREFIX + type))
                .withExtension(SEQUENCE, sequence(message.getSequenceNumber()))
                .withExtension(TENANT, event.tenantId());
        if (republication != null) {
            builder.withExtension(REPUBLICATION, republication);
        }
        return builder;
    }

    static String subject(DomainEventMessage<?> message) {
        return message.getType() + "s/" + message.getAggregateIdentifier();
    }

    /**
     * What the event takes of a record in binary mode, its framing aside: the key, each attribute and extension as a
     * {@code ce_} header (name and value), and the data.
     */
    static long recordBytes(String key, CloudEvent event) {
        long bytes = utf8(key) + (event.getData() == null ? 0 : event.getData().toBytes().length);
        for (String name : event.getAttributeNames()) {
            Object value = event.getAttribute(name);
            bytes += 3 + name.length() + (value == null ? 0 : utf8(value.toString()));
        }
        for (String name : event.getExtensionNames()) {
            bytes += 3 + name.length() + utf8(String.valueOf(event.getExtension(name)));
        }
        return bytes;
    }

    private static int utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
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
