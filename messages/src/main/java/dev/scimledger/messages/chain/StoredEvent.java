package dev.scimledger.messages.chain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An event's row in {@code domain_event_entry}, as stored: what the chain hashes and the event's MAC covers, so
 * that the write side (which makes the MAC) and the verifier agree on the bytes.
 */
public record StoredEvent(long globalIndex, String eventId, String aggregateId, long sequenceNumber, String type,
                          String timestamp, String payloadType, String payloadRevision, byte[] payload,
                          byte[] metadata) {

    public static final String COLUMNS = "global_index, event_identifier, aggregate_identifier, sequence_number, "
            + "type, time_stamp, payload_type, payload_revision, payload, meta_data";

    /**
     * The {@code context} texts, then every column (payload and metadata bytes untouched, no re-serialisation), each
     * length-prefixed so that no two different rows give the same bytes.
     */
    public byte[] canonicalBytes(String... context) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            for (String text : context) {
                field(out, text);
            }
            for (String text : new String[]{Long.toString(globalIndex), eventId, aggregateId,
                    Long.toString(sequenceNumber), type, timestamp, payloadType, payloadRevision}) {
                field(out, text);
            }
            field(out, payload);
            field(out, metadata);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    private static void field(DataOutputStream out, String text) throws IOException {
        field(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }
}
