package dev.scimledger.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scimledger.gateway.provisioning.CommandSender;
import dev.scimledger.gateway.provisioning.RequestTime;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.gateway.tenant.TokenDigest;
import dev.scimledger.messages.tenant.ChangeTenantSettingsCommand;
import dev.scimledger.messages.tenant.CreateTenantCommand;
import dev.scimledger.messages.tenant.DeclareSchemaExtensionCommand;
import dev.scimledger.messages.tenant.RemoveSchemaExtensionCommand;
import dev.scimledger.messages.tenant.DeleteTenantCommand;
import dev.scimledger.messages.tenant.IssueTokenCommand;
import dev.scimledger.messages.tenant.IssuedTokenView;
import dev.scimledger.messages.tenant.RecordExistingTenantCommand;
import dev.scimledger.messages.tenant.RenameTenantCommand;
import dev.scimledger.messages.tenant.ResumeTenantCommand;
import dev.scimledger.messages.tenant.RevokeTokenCommand;
import dev.scimledger.messages.tenant.RotateTokenCommand;
import dev.scimledger.messages.tenant.SuspendTenantCommand;
import dev.scimledger.messages.tenant.TenantSettings;
import dev.scimledger.messages.tenant.TenantView;
import dev.scimledger.messages.user.EraseUserCommand;
import dev.scimledger.messages.user.TenantErasure;
import dev.scimledger.messages.personal.PersonalDataSubjects;
import dev.scimledger.messages.user.UserErasure;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.Iterator;
import java.util.List;

/**
 * Every admin action on tenants and tokens, as commands to the Tenant aggregate: one path for the admin API and
 * for the jar's command line, so both are decided, recorded and enforced the same way.
 */
@Component
public class TenantAdministration {

    private static final Logger log = LoggerFactory.getLogger(TenantAdministration.class);

    private final CommandGateway commands;
    private final CommandSender sender;
    private final Tenants tenants;
    private final ObjectMapper json;
    private final PersonalDataSubjects subjects;

    TenantAdministration(CommandGateway commands, CommandSender sender, Tenants tenants, ObjectMapper json,
                         PersonalDataSubjects subjects) {
        this.subjects = subjects;
        this.commands = commands;
        this.sender = sender;
        this.tenants = tenants;
        this.json = json;
    }

    /** A token as issued: the secret, shown this once, and what the log knows of it. */
    public record IssuedToken(String token, IssuedTokenView view) {
        @Override
        public String toString() {
            return "IssuedToken[" + view + "]"; // never the secret
        }
    }

    public TenantView create(String name, AdminActor actor) {
        String tenantId = UUID.randomUUID().toString();
        return send(tenantId, new CreateTenantCommand(tenantId, name, actor.name(), now()), actor);
    }

    public TenantView rename(String tenantId, String name, AdminActor actor) {
        return send(tenantId, new RenameTenantCommand(tenantId, name, actor.name(), now()), actor);
    }

    /** The settings an admin may change (see {@link TenantSettings}), besides the tenant's {@code name}. */
    static final List<String> SETTINGS = List.of("groupPolicy", "workEmailImmutable", "rateLimitPerSecond",
            "tokenLifetimeDays", "tokenExpiryWarningDays", "maxPatchOperations", "maxBulkOperations", "maxResults",
            "unknownAttributes");

    /**
     * Renames the tenant ({@code name}) and changes any of its settings. An unknown key is refused rather than
     * ignored, so a misspelt setting never looks applied; {@code userNameImmutable} may only be restated as true.
     * Everything is checked before the first command is sent.
     */
    public void change(String tenantId, JsonNode changes, AdminActor actor) {
        Tenants.Tenant tenant = existing(tenantId);
        for (Iterator<String> keys = changes.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("name") && !key.equals("userNameImmutable") && !SETTINGS.contains(key)) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "\"" + key + "\" is not a tenant setting;"
                        + " the settings are name, userNameImmutable (always true), " + String.join(", ", SETTINGS));
            }
        }
        if (changes.has("userNameImmutable") && !changes.get("userNameImmutable").equals(BooleanNode.TRUE)) {
            throw ScimException.invalid(ScimErrorType.MUTABILITY,
                    "the userName of a provisioned user never changes; this rule cannot be relaxed");
        }
        if (changes.has("name") && !changes.get("name").isTextual()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "name is a string of 1 to 200 characters");
        }
        ObjectNode settingChanges = json.createObjectNode();
        SETTINGS.stream().filter(changes::has).forEach(key -> settingChanges.set(key, changes.get(key)));
        merged(tenant.settings(), settingChanges); // type errors are a 400 before anything changes
        if (changes.has("name")) {
            rename(tenantId, changes.get("name").asText(), actor);
        }
        if (!settingChanges.isEmpty()) {
            TenantSettings next = merged(existing(tenantId).settings(), settingChanges);
            send(tenantId, new ChangeTenantSettingsCommand(tenantId, next, actor.name(), now()), actor);
        }
    }

    /** The settings with {@code changes} laid over them; a value of the wrong type is a 400. */
    private TenantSettings merged(TenantSettings current, ObjectNode changes) {
        ObjectNode merged = json.valueToTree(current);
        changes.fields().forEachRemaining(change -> {
            JsonNode value = change.getValue();
            String expected = switch (change.getKey()) {
                case "groupPolicy" -> value.isTextual() ? null : "\"lifecycle\" or \"existing\"";
                case "unknownAttributes" -> value.isTextual() ? null : "\"reject\" or \"ignore\"";
                case "workEmailImmutable" -> value.isBoolean() ? null : "true or false";
                case "rateLimitPerSecond" -> value.isNull() || value.isIntegralNumber() && value.canConvertToInt()
                        ? null : "a whole number, or null for the default";
                default -> value.isIntegralNumber() && value.canConvertToInt() ? null : "a whole number";
            };
            if (expected != null) {
                throw ScimException.invalid(ScimErrorType.INVALID_VALUE,
                        change.getKey() + " is " + expected + ", not " + value);
            }
            merged.set(change.getKey(), value);
        });
        try {
            return json.treeToValue(merged, TenantSettings.class);
        } catch (JsonProcessingException e) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "the settings are not valid");
        }
    }

    /**
     * Declares a schema extension for the tenant's {@code resourceType}, or changes the one of the same URN; the
     * aggregate checks it ({@code DeclaredSchemas.declarable}) and keeps what values stored under it need.
     */
    public TenantView declareExtension(String tenantId, String resourceType, JsonNode schema, AdminActor actor) {
        return send(tenantId, new DeclareSchemaExtensionCommand(tenantId, resourceType, schema, actor.name(), now()),
                actor);
    }

    /** Removes a declared extension: clients no longer see it; what was stored under it stays in the log. */
    public TenantView removeExtension(String tenantId, String urn, AdminActor actor) {
        return send(tenantId, new RemoveSchemaExtensionCommand(tenantId, urn, actor.name(), now()), actor);
    }

    public TenantView suspend(String tenantId, String reason, AdminActor actor) {
        return send(tenantId, new SuspendTenantCommand(tenantId, reason, actor.name(), now()), actor);
    }

    public TenantView resume(String tenantId, AdminActor actor) {
        return send(tenantId, new ResumeTenantCommand(tenantId, actor.name(), now()), actor);
    }

    public TenantView delete(String tenantId, AdminActor actor) {
        return send(tenantId, new DeleteTenantCommand(tenantId, actor.name(), now()), actor);
    }

    /** @param lifetimeDays null for the tenant's token lifetime */
    public IssuedToken issueToken(String tenantId, String name, Integer lifetimeDays, AdminActor actor) {
        String token = TokenDigest.newToken(Tenants.SCIM_TOKEN_PREFIX);
        IssuedTokenView view = send(tenantId, new IssueTokenCommand(tenantId, UUID.randomUUID().toString(), name,
                TokenDigest.digest(token), lifetimeDays, actor.name(), now()), actor);
        return new IssuedToken(token, view);
    }

    public void revokeToken(String tenantId, String tokenId, AdminActor actor) {
        send(tenantId, new RevokeTokenCommand(tenantId, tokenId, actor.name(), now()), actor);
    }

    public IssuedToken rotateToken(String tenantId, String tokenId, String newName, Duration overlap, AdminActor actor) {
        String token = TokenDigest.newToken(Tenants.SCIM_TOKEN_PREFIX);
        IssuedTokenView view = send(tenantId, new RotateTokenCommand(tenantId, tokenId, UUID.randomUUID().toString(),
                newName, TokenDigest.digest(token), overlap, actor.name(), now()), actor);
        return new IssuedToken(token, view);
    }

    /**
     * Erases the personal data of a deleted user of the tenant: its key is deleted with the erasure event. Asking
     * again answers the first erasure.
     */
    public UserErasure eraseUser(String tenantId, String userId, AdminActor actor) {
        boolean live = tenants.find(tenantId).isPresent();
        if (!live && !tenants.existed(tenantId)) {
            throw ScimException.notFound("tenant " + tenantId + " not found");
        }
        return send(tenantId, new EraseUserCommand(userId, tenantId, actor.name(), now(), !live), actor);
    }

    /**
     * Erases the personal data of every user a deleted tenant had (provisioned or not: nothing can provision them
     * again), one user's key at a time, found by their keys (the read model forgets a deleted tenant's users);
     * asking again erases whoever is left. The log, its chain and the audit trail
     * stay whole.
     *
     * @throws ScimException 404 for a tenant that never existed, 409 for a live one (delete it first)
     */
    public TenantErasure eraseTenant(String tenantId, AdminActor actor) {
        if (tenants.find(tenantId).isPresent()) {
            throw ScimException.conflict(null, "tenant " + tenantId + " is not deleted; suspend and delete it before"
                    + " erasing all its people (or erase its deleted users one by one)");
        }
        if (!tenants.existed(tenantId)) {
            throw ScimException.notFound("tenant " + tenantId + " not found");
        }
        List<String> users = subjects.unerased(tenantId);
        int erased = 0;
        int already = 0;
        for (String userId : users) {
            UserErasure erasure = send(tenantId, new EraseUserCommand(userId, tenantId, actor.name(), now(), true), actor);
            if (erasure.alreadyErased()) {
                already++;
            } else {
                erased++;
            }
        }
        log.info("erasure of deleted tenant {} by {}: {} users erased, {} erased before", tenantId, actor.name(),
                erased, already);
        return new TenantErasure(tenantId, erased, already);
    }

    public Tenants.Tenant existing(String tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> ScimException.notFound("tenant " + tenantId + " not found"));
    }

    /**
     * Tenants created before tenants were event-sourced enter the log once, with their tokens, so that every later
     * action on them goes through their aggregate. When several instances start together, one records each tenant
     * and the others find its stream taken.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recordExistingTenants() {
        for (Tenants.Tenant tenant : tenants.unrecorded()) {
            var tokens = tenants.tokens(tenant.id()).stream()
                    .filter(t -> t.revokedAt() == null)
                    .map(t -> new RecordExistingTenantCommand.ExistingToken(t.id(), t.name(), t.createdAt(), t.expiresAt()))
                    .toList();
            try {
                commands.sendAndWait(new RecordExistingTenantCommand(tenant.id(), tenant.name(), tenant.settings(),
                        tenant.created(), tokens));
                log.info("Recorded tenant {} and its {} tokens in the log", tenant.id(), tokens.size());
            } catch (RuntimeException failure) {
                log.warn("Tenant {} was not recorded in the log now (another instance may have done it): {}",
                        tenant.id(), failure.toString());
            }
        }
    }

    private <R> R send(String tenantId, Object command, AdminActor actor) {
        try {
            return sender.change(command, actor.metadata(tenantId));
        } finally {
            // whatever the command changed in the registry (a revocation, a suspension) holds on this node from the
            // next request; other nodes read it within scim.token-cache-time
            tenants.forgetCached();
        }
    }

    private static Instant now() {
        return RequestTime.now();
    }
}
