package dev.scimledger.messages.tenant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A schema extension a tenant declared for one of its resource types: {@code schema} is its RFC 7643 §7
 * representation as {@code /Schemas} shows it (every characteristic explicit), {@code resourceType} User or Group.
 */
public record SchemaExtension(String resourceType, ObjectNode schema) {

    public static final String USER = "User";
    public static final String GROUP = "Group";

    /** The extension's URN, its {@code id}. */
    public String urn() {
        return schema.path("id").asText();
    }
}
