package dev.scimledger.messages.publishing;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * @param eventId the event's id (the CloudEvent's {@code id})
 * @param type    the CloudEvent's {@code type}, e.g. {@code dev.scimledger.user-created.v1}; null when the tenant has
 *                no such event
 * @param subject the CloudEvent's {@code subject}, e.g. {@code Users/<id>}; null when not found
 * @param data    the CloudEvent's data; null when not found
 */
public record PublishedEventData(String eventId, String type, String subject, JsonNode data) {

    public boolean found() {
        return data != null;
    }
}
