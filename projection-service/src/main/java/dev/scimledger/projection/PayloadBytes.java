package dev.scimledger.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/**
 * A search of the log's payloads that no stored row can break: the bytes of one JSON member as the serializer writes
 * it ({@code "tenantId":"…"}), to find with {@code position(? IN payload) > 0}. Casting every payload to jsonb
 * instead would fail the whole query, for every tenant, on one payload PostgreSQL cannot parse (a NUL escape, bytes
 * that are not UTF-8), and parses each row besides. A match is a candidate: its event is read and checked in Java.
 */
public final class PayloadBytes {

    private PayloadBytes() {
    }

    /** {@code "name":"value"} in UTF-8, with the serializer's escaping of {@code value}. */
    public static byte[] member(ObjectMapper json, String name, String value) {
        try {
            return (json.writeValueAsString(name) + ":" + json.writeValueAsString(value)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always serialises", e);
        }
    }
}
