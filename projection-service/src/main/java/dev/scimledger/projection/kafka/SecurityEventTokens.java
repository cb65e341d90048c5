package dev.scimledger.projection.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.group.GroupAttributesChangedEvent;
import dev.scimledger.messages.group.GroupCreatedEvent;
import dev.scimledger.messages.group.GroupDeletedEvent;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.group.GroupMembersRemovedEvent;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserCreatedEvent;
import dev.scimledger.messages.user.UserDeactivatedEvent;
import dev.scimledger.messages.user.UserDeletedEvent;
import dev.scimledger.messages.user.UserImportedEvent;
import dev.scimledger.messages.user.UserReactivatedEvent;
import dev.scimledger.projection.chain.ChainSigningKey;
import org.axonframework.eventhandling.DomainEventMessage;

import java.util.Base64;
import java.util.Optional;

/**
 * The SCIM changes as Security Event Tokens (RFC 8417) in the SCIM profile (RFC 9967), for consumers that speak
 * that standard: a JWS (compact, {@code typ: secevent+jwt}) signed with the operator's Ed25519 key (the chain
 * signing key; {@code GET /admin/chain/public-key}, {@code kid} its key id).
 *
 * <p>Claims: {@code iss} ({@code scim.kafka.set-issuer}), {@code iat} and {@code toe} (when the event was recorded),
 * {@code jti} (the event's id, as on the CloudEvents topic), {@code txn} (the SCIM request's id), {@code sub_id}
 * ({@code {"format": "scim", "uri": "/Users/<id>"}}), {@code tenant}, and {@code events} with one RFC 9967 event:
 * <ul>
 *   <li>a user or group created (or an account imported): {@code prov:create:full}, {@code data} the resource;</li>
 *   <li>its attributes changed: {@code prov:put:full}, {@code data} the resulting resource (the log keeps the
 *       result of a PATCH, not the request), {@code attributes} the names of those that changed;</li>
 *   <li>members added or removed: {@code prov:patch:full}, {@code data} the SCIM PATCH request that does it;</li>
 *   <li>a user deactivated or reactivated: {@code prov:deactivate}, {@code prov:activate};</li>
 *   <li>a user or group deleted: {@code prov:delete}.</li>
 * </ul>
 * Other events (tenants and tokens, an account adopted, an erasure, which follows a delete) have no SCIM event and
 * are on the CloudEvents topic only.
 *
 * <p>A token that would not fit a Kafka record is sent as the RFC 9967 notice of the same change instead
 * ({@code prov:create:notice}, {@code prov:put:notice}, {@code prov:patch:notice}): no {@code data}, the names of the
 * attributes concerned in {@code attributes}, and {@code sub_id} for the receiver to read the resource over SCIM.
 */
final class SecurityEventTokens {

    static final String PREFIX = "urn:ietf:params:scim:event:";
    private static final String FULL = ":full";
    private static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final ObjectMapper json;
    private final ChainSigningKey key;
    private final String issuer;

    SecurityEventTokens(ObjectMapper json, ChainSigningKey key, String issuer) {
        this.json = json;
        this.key = key;
        this.issuer = issuer;
    }

    /**
     * The signed SET for the event, or empty when it has no SCIM event; {@code data} is the event as published. When
     * the token would be longer than {@code maxBytes}, it is the notice of the change instead.
     */
    Optional<String> of(ScimEvent event, DomainEventMessage<?> message, ObjectNode data, int maxBytes) {
        Optional<ObjectNode> events = event(event, data);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        String token = sign(claims(event, message, events.get()));
        return Optional.of(token.length() <= maxBytes ? token : sign(claims(event, message, notice(events.get()))));
    }

    /** The {@code :full} event as its {@code :notice}: no data, the attributes it concerns named. */
    private ObjectNode notice(ObjectNode events) {
        ObjectNode notices = json.createObjectNode();
        events.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            if (!name.endsWith(FULL)) {
                notices.set(name, entry.getValue());
                return;
            }
            ObjectNode notice = notices.putObject(name.substring(0, name.length() - FULL.length()) + ":notice");
            JsonNode full = entry.getValue();
            ArrayNode attributes = notice.putArray("attributes");
            if (full.path("attributes").isArray()) {
                attributes.addAll((ArrayNode) full.get("attributes"));
            } else if (name.equals(PREFIX + "prov:patch" + FULL)) {
                attributes.add("members");
            } else {
                full.path("data").fieldNames().forEachRemaining(field -> {
                    if (!field.equals("schemas") && !field.equals("id")) {
                        attributes.add(field);
                    }
                });
            }
        });
        return notices;
    }

    private ObjectNode claims(ScimEvent event, DomainEventMessage<?> message, ObjectNode events) {
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", issuer);
        long recorded = message.getTimestamp().getEpochSecond();
        claims.put("iat", recorded);
        claims.put("toe", recorded);
        claims.put("jti", message.getIdentifier());
        Object request = message.getMetaData().get(RequestMetadata.REQUEST_ID);
        if (request != null) {
            claims.put("txn", request.toString());
        }
        claims.putObject("sub_id").put("format", "scim")
                .put("uri", "/" + message.getType() + "s/" + message.getAggregateIdentifier());
        claims.put("tenant", event.tenantId());
        claims.set("events", events);
        return claims;
    }

    private Optional<ObjectNode> event(ScimEvent event, ObjectNode data) {
        ObjectNode events = json.createObjectNode();
        if (event instanceof UserCreatedEvent || event instanceof UserImportedEvent) {
            events.putObject(PREFIX + "prov:create:full").set("data", resource(USER_SCHEMA, data.path("userId").asText(),
                    data.path("attributes"), data.path("active")));
        } else if (event instanceof GroupCreatedEvent) {
            events.putObject(PREFIX + "prov:create:full").set("data", resource(GROUP_SCHEMA,
                    data.path("groupId").asText(), data.path("attributes"), null));
        } else if (event instanceof UserAttributesChangedEvent || event instanceof GroupAttributesChangedEvent) {
            boolean user = event instanceof UserAttributesChangedEvent;
            ObjectNode put = events.putObject(PREFIX + "prov:put:full");
            put.set("data", resource(user ? USER_SCHEMA : GROUP_SCHEMA, data.path(user ? "userId" : "groupId").asText(),
                    data.path("attributes"), null));
            put.set("attributes", data.path("changedAttributes").deepCopy());
        } else if (event instanceof GroupMembersAddedEvent added) {
            ArrayNode value = json.createArrayNode();
            added.members().forEach(member -> value.addObject().put("value", member.value()).put("type", member.type()));
            events.putObject(PREFIX + "prov:patch:full").set("data", patch("add", "members", value));
        } else if (event instanceof GroupMembersRemovedEvent removed) {
            ObjectNode request = json.createObjectNode();
            request.putArray("schemas").add(PATCH_OP);
            ArrayNode operations = request.putArray("Operations");
            removed.memberIds().forEach(id -> operations.addObject().put("op", "remove")
                    .put("path", "members[value eq \"" + id + "\"]"));
            events.putObject(PREFIX + "prov:patch:full").set("data", request);
        } else if (event instanceof UserDeactivatedEvent) {
            events.putObject(PREFIX + "prov:deactivate");
        } else if (event instanceof UserReactivatedEvent) {
            events.putObject(PREFIX + "prov:activate");
        } else if (event instanceof UserDeletedEvent || event instanceof GroupDeletedEvent) {
            events.putObject(PREFIX + "prov:delete");
        } else {
            return Optional.empty();
        }
        return Optional.of(events);
    }

    private ObjectNode resource(String schema, String id, JsonNode attributes, JsonNode active) {
        ObjectNode resource = attributes instanceof ObjectNode object ? object.deepCopy() : json.createObjectNode();
        if (!resource.has("schemas")) {
            resource.putArray("schemas").add(schema);
        }
        resource.put("id", id);
        if (active != null && active.isBoolean()) {
            resource.set("active", active);
        }
        return resource;
    }

    private ObjectNode patch(String op, String path, JsonNode value) {
        ObjectNode request = json.createObjectNode();
        request.putArray("schemas").add(PATCH_OP);
        request.putArray("Operations").addObject().put("op", op).put("path", path).set("value", value);
        return request;
    }

    private String sign(ObjectNode claims) {
        ObjectNode header = json.createObjectNode().put("alg", "EdDSA").put("typ", "secevent+jwt").put("kid", key.keyId());
        String signingInput = base64Url(bytes(header)) + "." + base64Url(bytes(claims));
        byte[] signature = Base64.getDecoder().decode(key.sign(signingInput));
        return signingInput + "." + base64Url(signature);
    }

    private byte[] bytes(JsonNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a token's JSON", e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
