package dev.scimledger.gateway.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import dev.scimledger.scim.patch.PatchRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What every SCIM request needs on its way to a command: the caller, a parsed body, and dispatch with the
 * request's metadata (tenant, token, request id, client address, user agent) so each event says where it came from.
 */
@Component
public class ScimRequests {

    private static final int CONCURRENT_CHANGE_ATTEMPTS = 5;

    private final CommandGateway commands;
    private final ObjectMapper json;
    ScimRequests(CommandGateway commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    /**
     * Validates a PATCH request before any command exists: malformed operations are a 400, more operations than
     * the tenant's {@code maxPatchOperations} a 413 {@code tooMany}.
     */
    void checkPatch(JsonNode patchRequest, ScimCaller caller) {
        int operations = PatchRequest.parse(patchRequest).size();
        int maxPatchOperations = caller.settings().maxPatchOperations();
        if (operations > maxPatchOperations) {
            throw new ScimException(413, ScimErrorType.TOO_MANY, "a PATCH request may hold at most "
                    + maxPatchOperations + " operations; this one has " + operations);
        }
    }

    /**
     * The time of a request, to the millisecond: what meta.created / meta.lastModified show, and what the read model
     * (which keeps microseconds) returns unchanged on every later read.
     */
    public static Instant requestTime() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    static ScimCaller caller(HttpServletRequest request) {
        ScimCaller caller = (ScimCaller) request.getAttribute(ScimCaller.REQUEST_ATTRIBUTE);
        if (caller == null) {
            // the authentication filter sets it for every SCIM path; if a path ever slipped past it, refuse
            throw new ScimException(401, null, "A bearer token is required");
        }
        return caller;
    }

    JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX, "the request body is empty");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX, "the request body must be a JSON object");
            }
            rejectNulCharacters(node);
            return node;
        } catch (JsonProcessingException malformed) {
            throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX,
                    "the request body is not valid JSON: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw ScimException.badRequest(ScimErrorType.INVALID_SYNTAX, "the request body could not be read");
        }
    }

    /**
     * PostgreSQL text and jsonb cannot hold U+0000; an event carrying one could never be projected. Refused here,
     * before any command exists.
     */
    public static void rejectNulCharacters(JsonNode node) {
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            throw ScimException.badRequest(ScimErrorType.INVALID_VALUE, "strings may not contain the NUL character");
        }
        for (var it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().indexOf('\0') >= 0) {
                throw ScimException.badRequest(ScimErrorType.INVALID_VALUE, "names may not contain the NUL character");
            }
            rejectNulCharacters(field.getValue());
        }
        if (node.isArray()) {
            node.forEach(ScimRequests::rejectNulCharacters);
        }
    }

    public static String requestId(HttpServletRequest request) {
        String id = request.getHeader("X-Request-Id");
        if (id == null || id.isBlank()) {
            id = request.getHeader("client-request-id"); // Entra's provisioning service sends this one
        }
        if (id == null || id.isBlank() || id.length() > 128) {
            id = UUID.randomUUID().toString();
        }
        return id;
    }

    /** Sends a command that creates an aggregate. */
    <R> R create(Object command, HttpServletRequest request) {
        return createAs(caller(request), command, request);
    }

    /** Sends a command that creates an aggregate on behalf of {@code caller} (e.g. an admin acting for a tenant). */
    public <R> R createAs(ScimCaller caller, Object command, HttpServletRequest request) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata(caller, request)));
    }

    /**
     * Sends a command to an existing aggregate. When another node appended to the same aggregate at the same moment
     * the append fails on the event store's unique key; the command is then decided again on the fresh state.
     */
    <R> R change(Object command, HttpServletRequest request) {
        MetaData metadata = metadata(caller(request), request);
        for (int attempt = 1; ; attempt++) {
            try {
                return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
            } catch (RuntimeException failure) {
                if (!causedByConcurrentAppend(failure)) {
                    throw failure;
                }
                if (attempt >= CONCURRENT_CHANGE_ATTEMPTS) {
                    throw new ScimException(409, null, "the resource is being changed concurrently; retry");
                }
            }
        }
    }

    /** True when the failure comes from another append to the same aggregate at the same moment (safe to retry). */
    public static boolean causedByConcurrentAppend(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConcurrencyException) {
                return true;
            }
        }
        return false;
    }

    private static MetaData metadata(ScimCaller caller, HttpServletRequest request) {
        Map<String, String> values = new HashMap<>();
        values.put(RequestMetadata.TENANT_ID, caller.tenantId());
        values.put(RequestMetadata.TOKEN_ID, caller.tokenId());
        values.put(RequestMetadata.REQUEST_ID, requestId(request));
        values.put(RequestMetadata.CLIENT_ADDRESS, request.getRemoteAddr());
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        if (userAgent != null) {
            values.put(RequestMetadata.USER_AGENT, userAgent.length() > 512 ? userAgent.substring(0, 512) : userAgent);
        }
        return MetaData.from(values);
    }

    /** Parses {@code If-Match: W/"3"} (or {@code "3"}) into version 3; absent or {@code *} means no precondition. */
    static Long ifMatchVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ScimException.preconditionFailed("If-Match " + ifMatch + " names no version of this resource");
        }
    }
}
