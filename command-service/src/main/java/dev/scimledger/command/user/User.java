package dev.scimledger.command.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.scimledger.command.ResourceRules;
import dev.scimledger.command.personaldata.PersonalAggregate;
import dev.scimledger.messages.user.CreateUserCommand;
import dev.scimledger.messages.user.DeleteUserCommand;
import dev.scimledger.messages.user.EraseUserCommand;
import dev.scimledger.messages.user.ImportUserCommand;
import dev.scimledger.messages.user.PatchUserCommand;
import dev.scimledger.messages.user.ReplaceUserCommand;
import dev.scimledger.messages.user.UserAdoptedEvent;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserCreatedEvent;
import dev.scimledger.messages.user.UserDeactivatedEvent;
import dev.scimledger.messages.user.UserDeletedEvent;
import dev.scimledger.messages.user.UserErasedEvent;
import dev.scimledger.messages.user.UserErasure;
import dev.scimledger.messages.user.UserImportedEvent;
import dev.scimledger.messages.user.UserReactivatedEvent;
import dev.scimledger.messages.user.UserView;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;
import dev.scimledger.scim.resource.AttributeDiff;
import dev.scimledger.scim.patch.PatchOperation;
import dev.scimledger.scim.patch.ResourcePatcher;
import dev.scimledger.scim.schema.ExtensionRules;
import dev.scimledger.scim.schema.ResourceSchema;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A provisioned user of one tenant. Decides every change to it: the userName and the work email never change once
 * provisioned, a stale {@code If-Match} version is refused, and a deleted user accepts nothing.
 */
@Aggregate(snapshotTriggerDefinition = UserConfiguration.SNAPSHOT_TRIGGER)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class User implements PersonalAggregate {

    static final String USER_NAME = "userName";
    static final String ACTIVE = "active";
    /** Bounded so that the userName claim and the read model's indexes can always hold them. */
    static final int MAX_USER_NAME_LENGTH = 512;

    @AggregateIdentifier
    private String userId;
    private String tenantId;
    private String userName;
    private ObjectNode attributes;
    private boolean active;
    private long version = -1;
    private Instant created;
    private Instant lastModified;
    /** False for an imported account until a SCIM client adopts it. */
    private boolean managed = true;
    /**
     * A deleted user accepts no SCIM command (it is not found), only its erasure. Not Axon's markDeleted: a deleted
     * aggregate could not be loaded to record the erasure.
     */
    private boolean deleted;
    private Instant erasedAt;
    private String erasedBy;

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public String personId() {
        return userId;
    }

    protected User() {
        // for Axon: state is rebuilt from the events
    }

    User(CreateUserCommand command) {
        String name = validatedUserName(command.attributes());
        ExtensionRules.check(command.schema(), null, command.attributes());
        apply(new UserCreatedEvent(command.tenantId(), command.userId(), name, command.attributes().deepCopy(),
                command.active(), command.at()));
    }

    User(ImportUserCommand command) {
        String name = validatedUserName(command.attributes());
        apply(new UserImportedEvent(command.tenantId(), command.userId(), name, command.attributes().deepCopy(),
                command.active(), command.at()));
    }

    /**
     * A client creates a user whose userName an imported account holds: it becomes that account when the work
     * emails match too; anything else is a conflict whose detail says what differs.
     */
    void adopt(CreateUserCommand command) {
        if (managed) {
            throw ScimException.conflict("userName \"" + userName + "\" is already taken in this tenant");
        }
        String imported = workEmail(attributes);
        String sent = workEmail(command.attributes());
        if (imported == null || !imported.equalsIgnoreCase(sent == null ? "" : sent)) {
            throw ScimException.conflict("userName \"" + userName + "\" belongs to an imported account whose work email is "
                    + (imported == null ? "not set" : "\"" + imported + "\"") + ", but the request's is "
                    + (sent == null ? "not set" : "\"" + sent + "\"")
                    + "; correct one of them so they match, then provision again");
        }
        apply(new UserAdoptedEvent(tenantId, userId, command.at()));
        decide(command.attributes().deepCopy(), command.active(), command.at(), true, command.schema());
    }

    /** Any SCIM change to an imported account makes SCIM its manager first. */
    private void adoptOnFirstChange(Instant at) {
        if (!managed) {
            apply(new UserAdoptedEvent(tenantId, userId, at));
        }
    }

    static String validatedUserName(JsonNode attributes) {
        JsonNode name = attributes.get(USER_NAME);
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "userName is required and must be a non-empty string");
        }
        if (name.asText().length() > MAX_USER_NAME_LENGTH) {
            throw ScimException.invalid(ScimErrorType.INVALID_VALUE,
                    "userName is longer than " + MAX_USER_NAME_LENGTH + " characters");
        }
        ResourceRules.checkLimits("User", attributes);
        return name.asText();
    }

    void replace(ReplaceUserCommand command) {
        checkTenantAndVersion(command.tenantId(), command.expectedVersion());
        adoptOnFirstChange(command.at());
        decide(command.attributes().deepCopy(), command.active() == null ? active : command.active(), command.at(),
                command.workEmailImmutable(), command.schema());
    }

    void patch(PatchUserCommand command) {
        checkTenantAndVersion(command.tenantId(), command.expectedVersion());
        List<PatchOperation> operations = command.operations();
        adoptOnFirstChange(command.at());
        ObjectNode current = attributes.deepCopy();
        current.put(ACTIVE, active);
        // with the user's id: Okta's path-less value objects restate it, any other id there is a 400 mutability
        ObjectNode patched = ResourcePatcher.apply(current, userId, operations, command.schema());
        JsonNode newActive = patched.remove(ACTIVE);
        if (newActive == null) {
            // removing it used to change nothing, in silence
            throw ScimException.invalid(ScimErrorType.MUTABILITY, "active cannot be removed: a user is active or not "
                    + "(replace it with true or false)");
        }
        boolean resultingActive = newActive.isBoolean() ? newActive.booleanValue() : active;
        if (!patched.has(USER_NAME)) {
            throw ScimException.invalid(ScimErrorType.MUTABILITY, "userName cannot be removed");
        }
        decide(patched, resultingActive, command.at(), command.workEmailImmutable(), command.schema());
    }

    void delete(DeleteUserCommand command) {
        checkTenantAndVersion(command.tenantId(), command.expectedVersion());
        adoptOnFirstChange(command.at());
        apply(new UserDeletedEvent(tenantId, userId, userName, command.at()));
    }

    private void decide(ObjectNode newAttributes, boolean newActive, Instant at, boolean workEmailImmutable,
                        ResourceSchema schema) {
        String newUserName = validatedUserName(newAttributes);
        ExtensionRules.check(schema, attributes, newAttributes);
        if (!newUserName.equalsIgnoreCase(userName)) {
            throw ScimException.invalid(ScimErrorType.MUTABILITY,
                    "userName cannot change once provisioned (is \"" + userName + "\")");
        }
        // the same name in another case is not a change; keep the spelling it was provisioned with
        newAttributes.put(USER_NAME, userName);
        String provisionedEmail = workEmail(attributes);
        String newEmail = workEmail(newAttributes);
        if (workEmailImmutable && provisionedEmail != null
                && (newEmail == null || !newEmail.equalsIgnoreCase(provisionedEmail))) {
            throw ScimException.invalid(ScimErrorType.MUTABILITY,
                    "the work email cannot change once provisioned (is \"" + provisionedEmail + "\")");
        }
        List<String> changed = AttributeDiff.changedAttributes(attributes, newAttributes);
        if (!changed.isEmpty()) {
            apply(new UserAttributesChangedEvent(tenantId, userId, newAttributes, changed, at));
        }
        if (newActive != active) {
            apply(newActive ? new UserReactivatedEvent(tenantId, userId, at) : new UserDeactivatedEvent(tenantId, userId, at));
        }
    }

    /**
     * Erases the personal data of a deleted user (its key is deleted by the handler, in the same transaction). A user
     * still provisioned is refused: its identity provider would only provision it again. Erasing twice records one
     * erasure; answers whether this command was the one that erased.
     */
    boolean erase(EraseUserCommand command) {
        checkTenant(command.tenantId());
        if (!deleted && !command.tenantDeleted()) {
            throw ScimException.conflict(null, "user " + userId + " is still provisioned; delete it (SCIM DELETE)"
                    + " before erasing its personal data");
        }
        if (erasedAt != null) {
            return false;
        }
        apply(new UserErasedEvent(tenantId, userId, command.actor(), command.at()));
        return true;
    }

    UserErasure erasure(boolean alreadyErased) {
        return new UserErasure(tenantId, userId, erasedAt, erasedBy, alreadyErased);
    }

    private void checkTenant(String commandTenantId) {
        if (!tenantId.equals(commandTenantId)) {
            // another tenant's user does not exist, as far as this tenant can tell
            throw ScimException.notFound("User " + userId + " not found");
        }
    }

    private void checkTenantAndVersion(String commandTenantId, Long expectedVersion) {
        ResourceRules.checkTenantAndVersion("User", userId, tenantId, deleted, version, commandTenantId, expectedVersion);
    }

    /** The value of the first email whose type is "work", or null. */
    static String workEmail(JsonNode attributes) {
        JsonNode emails = attributes.get("emails");
        if (emails == null || !emails.isArray()) {
            return null;
        }
        for (JsonNode email : emails) {
            if ("work".equalsIgnoreCase(email.path("type").asText()) && email.path("value").isTextual()) {
                return email.path("value").asText();
            }
        }
        return null;
    }

    UserView view() {
        return new UserView(tenantId, userId, version, attributes.deepCopy(), active, created, lastModified);
    }

    String userNameKey() {
        return userNameKey(userName);
    }

    static String userNameKey(String userName) {
        return userName.toLowerCase(Locale.ROOT);
    }

    @EventSourcingHandler
    void on(UserCreatedEvent event, @SequenceNumber long sequence) {
        begin(event.tenantId(), event.userId(), event.userName(), event.attributes(), event.active(), event.at());
        version = sequence;
    }

    @EventSourcingHandler
    void on(UserImportedEvent event, @SequenceNumber long sequence) {
        begin(event.tenantId(), event.userId(), event.userName(), event.attributes(), event.active(), event.at());
        version = sequence;
        managed = false;
    }

    private void begin(String tenantId, String userId, String userName, ObjectNode attributes, boolean active,
                       Instant at) {
        this.userId = userId;
        this.tenantId = tenantId;
        this.userName = userName;
        this.attributes = attributes.deepCopy();
        this.active = active;
        created = at;
        lastModified = at;
    }

    @EventSourcingHandler
    void on(UserAdoptedEvent event, @SequenceNumber long sequence) {
        managed = true;
        lastModified = event.at();
        version = sequence;
    }

    @EventSourcingHandler
    void on(UserAttributesChangedEvent event, @SequenceNumber long sequence) {
        attributes = event.attributes().deepCopy();
        lastModified = event.at();
        version = sequence;
    }

    @EventSourcingHandler
    void on(UserDeactivatedEvent event, @SequenceNumber long sequence) {
        active = false;
        lastModified = event.at();
        version = sequence;
    }

    @EventSourcingHandler
    void on(UserReactivatedEvent event, @SequenceNumber long sequence) {
        active = true;
        lastModified = event.at();
        version = sequence;
    }

    @EventSourcingHandler
    void on(UserDeletedEvent event, @SequenceNumber long sequence) {
        lastModified = event.at();
        version = sequence;
        deleted = true;
    }

    @EventSourcingHandler
    void on(UserErasedEvent event, @SequenceNumber long sequence) {
        lastModified = event.at();
        version = sequence;
        erasedAt = event.at();
        erasedBy = event.actor();
    }
}
