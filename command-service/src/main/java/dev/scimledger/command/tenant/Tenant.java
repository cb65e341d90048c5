package dev.scimledger.command.tenant;

import dev.scimledger.messages.tenant.ChangeTenantSettingsCommand;
import dev.scimledger.messages.tenant.CreateTenantCommand;
import dev.scimledger.messages.tenant.DeclareSchemaExtensionCommand;
import dev.scimledger.messages.tenant.RemoveSchemaExtensionCommand;
import dev.scimledger.messages.tenant.SchemaExtension;
import dev.scimledger.messages.tenant.SchemaExtensionDeclaredEvent;
import dev.scimledger.messages.tenant.SchemaExtensionRemovedEvent;
import dev.scimledger.messages.tenant.DeleteTenantCommand;
import dev.scimledger.messages.tenant.IssueTokenCommand;
import dev.scimledger.messages.tenant.IssuedTokenView;
import dev.scimledger.messages.tenant.RecordExistingTenantCommand;
import dev.scimledger.messages.tenant.RenameTenantCommand;
import dev.scimledger.messages.tenant.ResumeTenantCommand;
import dev.scimledger.messages.tenant.RevokeTokenCommand;
import dev.scimledger.messages.tenant.RotateTokenCommand;
import dev.scimledger.messages.tenant.SuspendTenantCommand;
import dev.scimledger.messages.tenant.TenantCreatedEvent;
import dev.scimledger.messages.tenant.TenantDeletedEvent;
import dev.scimledger.messages.tenant.TenantRenamedEvent;
import dev.scimledger.messages.tenant.TenantResumedEvent;
import dev.scimledger.messages.tenant.TenantSettings;
import dev.scimledger.messages.tenant.TenantSettingsChangedEvent;
import dev.scimledger.messages.tenant.TenantSuspendedEvent;
import dev.scimledger.messages.tenant.TenantRegistry;
import dev.scimledger.messages.tenant.TenantView;
import dev.scimledger.messages.tenant.TokenIssuedEvent;
import dev.scimledger.messages.tenant.TokenRevokedEvent;
import dev.scimledger.messages.tenant.TokenRotatedEvent;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.schema.AttributeDefinition;
import dev.scimledger.scim.schema.DeclaredSchemas;
import dev.scimledger.scim.schema.Schema;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

/**
 * A tenant and its SCIM tokens: the rules of its admin actions. Its name is valid and (with
 * {@link TenantRegistry}) unique among live tenants; its settings stay within safe bounds; a token expires within
 * the tenant's token lifetime, is revoked once, is rotated only while it works and at most once, with an overlap of
 * at most 24 hours; a tenant is deleted only once suspended, and a deleted tenant accepts nothing. Its declared
 * schema extensions (at most {@value #MAX_EXTENSIONS}) follow {@link DeclaredSchemas#declarable}, each URN belongs to
 * one resource type, and a changed declaration keeps what its stored values need ({@link DeclaredSchemas#changes}).
 */
@Aggregate
public class Tenant {

    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_LIVE_TOKENS = 100;
    static final Duration MAX_OVERLAP = Duration.ofHours(24);
    static final int MAX_EXTENSIONS = 20;

    @AggregateIdentifier
    private String tenantId;
    private String name;
    private String status;
    private TenantSettings settings;
    private long version = -1;
    private final Map<String, TokenState> tokens = new LinkedHashMap<>();
    /** By lower-case URN, in the order first declared. */
    private final Map<String, SchemaExtension> extensions = new LinkedHashMap<>();

    private record TokenState(String name, Instant createdAt, Instant expiresAt, boolean revoked, String replacedBy) {
        boolean works(Instant at) {
            return !revoked && expiresAt.isAfter(at);
        }
    }

    protected Tenant() {
        // for Axon: state is rebuilt from the events
    }

    Tenant(CreateTenantCommand command) {
        apply(new TenantCreatedEvent(command.tenantId(), validatedName(command.name()), TenantSettings.DEFAULTS,
                command.actor(), command.at()));
    }

    Tenant(RecordExistingTenantCommand command) {
        apply(new TenantCreatedEvent(command.tenantId(), validatedName(command.name()),
                validated(command.settings()), "upgrade", command.createdAt()));
        for (RecordExistingTenantCommand.ExistingToken token : command.tokens()) {
            apply(new TokenIssuedEvent(command.tenantId(), token.tokenId(), token.name(), token.expiresAt(), "upgrade",
                    token.createdAt()));
        }
    }

    static String validatedName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME_LENGTH) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE,
                    "name is required: a string of 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "name may not contain control characters");
        }
        return trimmed;
    }

    /** The bounds within which an admin may set each setting. */
    static TenantSettings validated(TenantSettings settings) {
        if (settings == null) {
            throw invalid("settings are required");
        }
        if (!TenantSettings.LIFECYCLE.equals(settings.groupPolicy()) && !TenantSettings.EXISTING.equals(settings.groupPolicy())) {
            throw invalid("groupPolicy is \"lifecycle\" or \"existing\"");
        }
        if (!TenantSettings.REJECT.equals(settings.unknownAttributes())
                && !TenantSettings.IGNORE.equals(settings.unknownAttributes())) {
            throw invalid("unknownAttributes is \"reject\" or \"ignore\"");
        }
        if (settings.rateLimitPerSecond() != null) {
            within("rateLimitPerSecond", settings.rateLimitPerSecond(), 1, 100_000);
        }
        within("tokenLifetimeDays", settings.tokenLifetimeDays(), 1, 1825);
        within("tokenExpiryWarningDays", settings.tokenExpiryWarningDays(), 0, settings.tokenLifetimeDays());
        within("maxPatchOperations", settings.maxPatchOperations(), 1, 10_000);
        within("maxBulkOperations", settings.maxBulkOperations(), 1, 10_000);
        within("maxResults", settings.maxResults(), 1, 10_000);
        return settings;
    }

    private static void within(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(name + " is a whole number from " + min + " to " + max);
        }
    }

    private static ScimException invalid(String detail) {
        return ScimException.invalid(ScimErrorType.INVALID_VALUE, detail);
    }

    void rename(RenameTenantCommand command) {
        String newName = validatedName(command.name());
        if (!newName.equals(name)) {
            apply(new TenantRenamedEvent(tenantId, newName, name, command.actor(), command.at()));
        }
    }

    void changeSettings(ChangeTenantSettingsCommand command) {
        TenantSettings next = validated(command.settings());
        List<String> changed = changedSettings(settings, next);
        if (!changed.isEmpty()) {
            apply(new TenantSettingsChangedEvent(tenantId, next, changed, command.actor(), command.at()));
        }
    }

    private static List<String> changedSettings(TenantSettings before, TenantSettings after) {
        List<String> changed = new ArrayList<>();
        var components = TenantSettings.class.getRecordComponents();
        for (var component : components) {
            try {
                if (!Objects.equals(component.getAccessor().invoke(before), component.getAccessor().invoke(after))) {
                    changed.add(component.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("a record's accessor is public", e);
            }
        }
        return changed;
    }

    void declareExtension(DeclareSchemaExtensionCommand command) {
        String resourceType = resourceType(command.resourceType());
        Schema declared = DeclaredSchemas.declarable(command.schema());
        SchemaExtension existing = extensions.get(declared.id().toLowerCase(Locale.ROOT));
        List<String> changed;
        if (existing == null) {
            if (extensions.size() >= MAX_EXTENSIONS) {
                throw ScimException.conflict("tenant " + tenantId + " has " + MAX_EXTENSIONS + " schema extensions, the "
                        + "most it may have; remove one first");
            }
            changed = declared.attributes().stream().map(AttributeDefinition::name).toList();
        } else {
            if (!existing.resourceType().equals(resourceType)) {
                throw invalid("the schema " + existing.urn() + " extends " + existing.resourceType() + " here; remove "
                        + "it before declaring it for " + resourceType);
            }
            if (!existing.urn().equals(declared.id())) {
                throw invalid("the schema " + existing.urn() + " keeps its spelling: resources store their values "
                        + "under it");
            }
            changed = DeclaredSchemas.changes(DeclaredSchemas.parse(existing.schema()), declared);
        }
        if (!changed.isEmpty()) {
            apply(new SchemaExtensionDeclaredEvent(tenantId, resourceType, declared.id(), declared.toJson(), changed,
                    command.actor(), command.at()));
        }
    }

    private static String resourceType(String given) {
        if (SchemaExtension.USER.equalsIgnoreCase(given)) {
            return SchemaExtension.USER;
        }
        if (SchemaExtension.GROUP.equalsIgnoreCase(given)) {
            return SchemaExtension.GROUP;
        }
        throw invalid("resourceType is \"User\" or \"Group\"");
    }

    void removeExtension(RemoveSchemaExtensionCommand command) {
        SchemaExtension existing = command.urn() == null ? null
                : extensions.get(command.urn().toLowerCase(Locale.ROOT));
        if (existing == null) {
            throw ScimException.notFound("schema extension " + command.urn() + " not found in tenant " + tenantId);
        }
        apply(new SchemaExtensionRemovedEvent(tenantId, existing.resourceType(), existing.urn(), command.actor(),
                command.at()));
    }

    void suspend(SuspendTenantCommand command) {
        if (!"suspended".equals(status)) {
            String reason = command.reason() == null ? null : command.reason().strip();
            if (reason != null && reason.length() > 1000) {
                throw invalid("reason is at most 1000 characters");
            }
            apply(new TenantSuspendedEvent(tenantId, reason, command.actor(), command.at()));
        }
    }

    void resume(ResumeTenantCommand command) {
        if ("suspended".equals(status)) {
            apply(new TenantResumedEvent(tenantId, command.actor(), command.at()));
        }
    }

    void delete(DeleteTenantCommand command) {
        if (!"suspended".equals(status)) {
            throw ScimException.conflict("tenant " + tenantId + " is active: suspend it before deleting it");
        }
        apply(new TenantDeletedEvent(tenantId, command.actor(), command.at()));
    }

    IssuedTokenView issue(IssueTokenCommand command) {
        long live = tokens.values().stream().filter(t -> t.works(command.at())).count();
        if (live >= MAX_LIVE_TOKENS) {
            throw ScimException.conflict("tenant " + tenantId + " has " + live + " working tokens, the most it may have;"
                    + " revoke one first");
        }
        int lifetime = command.lifetimeDays() == null ? settings.tokenLifetimeDays() : command.lifetimeDays();
        if (lifetime < 1 || lifetime > settings.tokenLifetimeDays()) {
            throw invalid("expiresInDays is a whole number from 1 to " + settings.tokenLifetimeDays()
                    + " (the tenant's token lifetime)");
        }
        String tokenName = tokenName(command.name());
        Instant expiresAt = command.at().plus(lifetime, ChronoUnit.DAYS);
        apply(new TokenIssuedEvent(tenantId, command.tokenId(), tokenName, expiresAt, command.actor(), command.at()));
        return new IssuedTokenView(tenantId, command.tokenId(), tokenName, command.at(), expiresAt, null);
    }

    private static String tokenName(String requested) {
        if (requested == null || requested.isBlank()) {
            return "SCIM token";
        }
        return validatedName(requested);
    }

    void revoke(RevokeTokenCommand command) {
        TokenState token = token(command.tokenId());
        if (!token.revoked()) {
            apply(new TokenRevokedEvent(tenantId, command.tokenId(), command.actor(), command.at()));
        }
    }

    IssuedTokenView rotate(RotateTokenCommand command) {
        TokenState old = token(command.tokenId());
        if (old.replacedBy() != null) {
            throw ScimException.conflict("token " + command.tokenId() + " was rotated already, to " + old.replacedBy());
        }
        if (!old.works(command.at())) {
            throw ScimException.conflict("token " + command.tokenId() + " is " + (old.revoked() ? "revoked" : "expired")
                    + "; issue a new token instead");
        }
        Duration overlap = command.overlap();
        if (overlap == null || overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw invalid("overlapHours is from 0 to 24");
        }
        Instant oldValidUntil = command.at().plus(overlap);
        if (oldValidUntil.isAfter(old.expiresAt())) {
            oldValidUntil = old.expiresAt();
        }
        String newName = command.newName() == null || command.newName().isBlank() ? old.name() : tokenName(command.newName());
        Instant newExpiresAt = command.at().plus(settings.tokenLifetimeDays(), ChronoUnit.DAYS);
        apply(new TokenRotatedEvent(tenantId, command.tokenId(), command.newTokenId(), newName, newExpiresAt,
                oldValidUntil, command.actor(), command.at()));
        return new IssuedTokenView(tenantId, command.newTokenId(), newName, command.at(), newExpiresAt, oldValidUntil);
    }

    private TokenState token(String tokenId) {
        TokenState token = tokenId == null ? null : tokens.get(tokenId);
        if (token == null) {
            throw ScimException.notFound("token " + tokenId + " not found in tenant " + tenantId);
        }
        return token;
    }

    TenantView view() {
        return new TenantView(tenantId, name, status, settings, version, List.copyOf(extensions.values()));
    }

    @EventSourcingHandler
    void on(TenantCreatedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        tenantId = event.tenantId();
        name = event.name();
        settings = event.settings();
        status = "active";
    }

    @EventSourcingHandler
    void on(TenantRenamedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        name = event.name();
    }

    @EventSourcingHandler
    void on(TenantSettingsChangedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        settings = event.settings();
    }

    @EventSourcingHandler
    void on(SchemaExtensionDeclaredEvent event, @SequenceNumber long sequence) {
        version = sequence;
        extensions.put(event.urn().toLowerCase(Locale.ROOT), new SchemaExtension(event.resourceType(), event.schema()));
    }

    @EventSourcingHandler
    void on(SchemaExtensionRemovedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        extensions.remove(event.urn().toLowerCase(Locale.ROOT));
    }

    @EventSourcingHandler
    void on(TenantSuspendedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        status = "suspended";
    }

    @EventSourcingHandler
    void on(TenantResumedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        status = "active";
    }

    @EventSourcingHandler
    void on(TenantDeletedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        status = "deleted";
        markDeleted();
    }

    @EventSourcingHandler
    void on(TokenIssuedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        tokens.put(event.tokenId(), new TokenState(event.name(), event.at(), event.expiresAt(), false, null));
    }

    @EventSourcingHandler
    void on(TokenRevokedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        tokens.computeIfPresent(event.tokenId(), (id, t) -> new TokenState(t.name(), t.createdAt(), t.expiresAt(), true,
                t.replacedBy()));
    }

    @EventSourcingHandler
    void on(TokenRotatedEvent event, @SequenceNumber long sequence) {
        version = sequence;
        tokens.computeIfPresent(event.tokenId(), (id, t) -> new TokenState(t.name(), t.createdAt(), event.oldValidUntil(),
                false, event.newTokenId()));
        tokens.put(event.newTokenId(), new TokenState(event.newName(), event.at(), event.newExpiresAt(), false, null));
    }
}
