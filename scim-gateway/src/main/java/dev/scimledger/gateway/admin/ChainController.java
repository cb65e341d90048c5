package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.chain.ChainCheckpointsQuery;
import dev.scimledger.messages.chain.ChainPublicKeyQuery;
import dev.scimledger.messages.chain.ChainVerification;
import dev.scimledger.messages.chain.SignChainCheckpointsCommand;
import dev.scimledger.messages.chain.VerifyChainQuery;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tamper-evident chain over the event log: verify it (optionally against checkpoints kept outside the
 * database), export the signed checkpoints, sign the current heads now, and show the public key that checks them.
 */
@RestController
@RequestMapping(BearerAuthenticationFilter.ADMIN_PATH + "/chain")
class ChainController {

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final ObjectMapper json;

    ChainController(QueryGateway queries, CommandGateway commands, ObjectMapper json) {
        this.queries = queries;
        this.commands = commands;
        this.json = json;
    }

    /**
     * Verifies every tenant's chain, or one ({@code tenantId}); the body may hold checkpoints exported earlier (JSON
     * Lines or an array), which must still match. Answers 200 with {@code intact} and the first problem per tenant.
     */
    @PostMapping("/verify")
    ChainVerification verify(@RequestParam(required = false) String tenantId, @RequestBody(required = false) String body) {
        return verification(queries, tenantId, checkpoints(json, body));
    }

    static ChainVerification verification(QueryGateway queries, String tenantId, List<VerifyChainQuery.Checkpoint> kept) {
        return queries.query(new VerifyChainQuery(tenantId, kept), ChainVerification.class).join();
    }

    /** The signed checkpoints as JSON Lines, to keep outside the database and give back to verify. */
    @GetMapping(value = "/checkpoints", produces = "application/x-ndjson")
    ResponseEntity<String> checkpoints(@RequestParam(required = false) String tenantId) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (VerifyChainQuery.Checkpoint checkpoint : queries.query(new ChainCheckpointsQuery(tenantId),
                ResponseTypes.multipleInstancesOf(VerifyChainQuery.Checkpoint.class)).join()) {
            lines.append(json.writeValueAsString(checkpoint)).append('\n');
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson")).body(lines.toString());
    }

    /** Signs every tenant's current chain head now. */
    @PostMapping("/checkpoints")
    Map<String, Object> signNow() {
        Integer signed = commands.sendAndWait(new SignChainCheckpointsCommand());
        return Map.of("signed", signed);
    }

    @GetMapping(value = "/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    String publicKey() {
        return queries.query(new ChainPublicKeyQuery(), String.class).join();
    }

    /** Checkpoints from a body of JSON Lines or a JSON array; empty for no body. */
    static List<VerifyChainQuery.Checkpoint> checkpoints(ObjectMapper json, String body) {
        List<VerifyChainQuery.Checkpoint> kept = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return kept;
        }
        try {
            if (body.trim().startsWith("[")) {
                for (JsonNode node : json.readTree(body)) {
                    kept.add(json.treeToValue(node, VerifyChainQuery.Checkpoint.class));
                }
            } else {
                for (String line : body.split("\n")) {
                    if (!line.isBlank()) {
                        kept.add(json.readValue(line, VerifyChainQuery.Checkpoint.class));
                    }
                }
            }
        } catch (Exception malformed) {
            throw ScimException.invalid(ScimErrorType.INVALID_SYNTAX,
                    "the body holds checkpoints as exported by GET /admin/chain/checkpoints (JSON Lines or an array)");
        }
        for (VerifyChainQuery.Checkpoint checkpoint : kept) {
            if (checkpoint.tenantId() == null || checkpoint.hash() == null || checkpoint.signature() == null
                    || checkpoint.keyId() == null || checkpoint.signedAt() == null) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "a checkpoint lacks a field: " + checkpoint);
            }
        }
        return kept;
    }
}
