package dev.scimledger.projection.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scimledger.messages.RequestMetadata;
import dev.scimledger.messages.ScimEvent;
import dev.scimledger.messages.operator.AdminApiKeyIssuedEvent;
import dev.scimledger.messages.operator.AdminApiKeyRevokedEvent;
import dev.scimledger.messages.operator.AdminApiKeyRotatedEvent;
import dev.scimledger.messages.operator.ConsoleAccountCreatedEvent;
import dev.scimledger.messages.operator.ConsoleAccountDisabledEvent;
import dev.scimledger.messages.operator.ConsoleAccountEnabledEvent;
import dev.scimledger.messages.operator.ConsoleAccountPasswordChangedEvent;
import dev.scimledger.messages.operator.KafkaRepublicationStartedEvent;
import dev.scimledger.messages.operator.ProjectionRebuildStartedEvent;
import dev.scimledger.messages.operator.QuarantineRetriedEvent;
import dev.scimledger.messages.group.GroupAttributesChangedEvent;
import dev.scimledger.messages.group.GroupCreatedEvent;
import dev.scimledger.messages.group.GroupMembersAddedEvent;
import dev.scimledger.messages.group.GroupMembersRemovedEvent;
import dev.scimledger.messages.tenant.TenantRenamedEvent;
import dev.scimledger.messages.tenant.SchemaExtensionDeclaredEvent;
import dev.scimledger.messages.tenant.SchemaExtensionRemovedEvent;
import dev.scimledger.messages.tenant.TenantSettingsChangedEvent;
import dev.scimledger.messages.user.UserAttributesChangedEvent;
import dev.scimledger.messages.user.UserCreatedEvent;
import dev.scimledger.messages.user.UserImportedEvent;
import dev.scimledger.messages.user.UserDeactivatedEvent;
import dev.scimledger.messages.user.UserErasedEvent;
import dev.scimledger.messages.user.UserReactivatedEvent;
import dev.scimledger.projection.ReadModelTables;
import dev.scimledger.projection.UnitOfWorkBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Writes one audit row per event of the log: who (token), through which request and from where, what changed and
 * when. Keyed by event id, so a replayed event is not recorded twice. A rebuild runs the same handler on its shadow
 * table ({@link ReadModelTables#REBUILD}).
 */
@ProcessingGroup(AuditTrail.PROCESSING_GROUP)
public class AuditTrail {

    static final String PROCESSING_GROUP = "audit-trail";
    private static final String BATCH = AuditTrail.class.getName() + ".batch.";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final String events;

    public AuditTrail(JdbcTemplate jdbc, ObjectMapper json, ReadModelTables tables) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = tables.audit();
    }

    /**
     * Within a processor's batch the rows are written together when the batch is about to commit (one batched
     * statement); a replay outside a unit of work writes each at once.
     */
    @EventHandler
    void on(ScimEvent event, DomainEventMessage<?> message) throws JsonProcessingException {
        UnitOfWorkBatch.add(BATCH + events, message, row(event, message), this::write);
    }

    private Object[] row(ScimEvent event, DomainEventMessage<?> message) throws JsonProcessingException {
        MetaData meta = message.getMetaData();
        return new Object[]{message.getIdentifier(), event.tenantId(), message.getType(), message.getAggregateIdentifier(),
                message.getSequenceNumber(), event.getClass().getSimpleName(),
                bounded(meta.get(RequestMetadata.TOKEN_ID), 64), bounded(meta.get(RequestMetadata.REQUEST_ID), 128),
                bounded(meta.get(RequestMetadata.CLIENT_ADDRESS), 128), meta.get(RequestMetadata.USER_AGENT),
                json.writeValueAsString(changedAttributes(event)), Timestamp.from(event.at())};
    }

    /**
     * A metadata value cut to its column's size. The log keeps whatever an event was given; a row that could not be
     * written would stop the trail for every tenant, and the event can never be removed.
     */
    private static Object bounded(Object value, int characters) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.length() <= characters ? text : text.substring(0, characters);
    }

    private void write(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO %s (event_id, tenant_id, resource_type, resource_id, sequence_number, event_type,
                                         token_id, request_id, client_address, user_agent, changed_attributes,
                                         occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (event_id) DO NOTHING""".formatted(events), rows);
    }

    static List<String> changedAttributes(ScimEvent event) {
        List<String> names = new ArrayList<>();
        if (event instanceof UserCreatedEvent created) {
            for (Iterator<String> it = created.attributes().fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            names.add("active");
        } else if (event instanceof UserImportedEvent imported) {
            imported.attributes().fieldNames().forEachRemaining(names::add);
            names.add("active");
        } else if (event instanceof UserAttributesChangedEvent changed) {
            names.addAll(changed.changedAttributes());
        } else if (event instanceof UserDeactivatedEvent || event instanceof UserReactivatedEvent) {
            names.add("active");
        } else if (event instanceof GroupCreatedEvent created) {
            created.attributes().fieldNames().forEachRemaining(names::add);
        } else if (event instanceof GroupAttributesChangedEvent changed) {
            names.addAll(changed.changedAttributes());
        } else if (event instanceof GroupMembersAddedEvent || event instanceof GroupMembersRemovedEvent) {
            names.add("members");
        } else if (event instanceof TenantSettingsChangedEvent changed) {
            names.addAll(changed.changed());
        } else if (event instanceof SchemaExtensionDeclaredEvent declared) {
            declared.changedAttributes().forEach(a -> names.add("schemaExtensions." + declared.urn() + ":" + a));
        } else if (event instanceof SchemaExtensionRemovedEvent removed) {
            names.add("schemaExtensions." + removed.urn());
        } else if (event instanceof TenantRenamedEvent) {
            names.add("name");
        } else if (event instanceof UserErasedEvent) {
            names.add("personalData");
        } else if (event instanceof ConsoleAccountCreatedEvent created) {
            names.add("accounts." + created.username());
        } else if (event instanceof ConsoleAccountPasswordChangedEvent changed) {
            names.add("accounts." + changed.username() + ".password");
        } else if (event instanceof ConsoleAccountDisabledEvent disabled) {
            names.add("accounts." + disabled.username() + ".disabled");
        } else if (event instanceof ConsoleAccountEnabledEvent enabled) {
            names.add("accounts." + enabled.username() + ".disabled");
        } else if (event instanceof AdminApiKeyIssuedEvent issued) {
            names.add("apiKeys." + issued.name());
        } else if (event instanceof AdminApiKeyRotatedEvent rotated) {
            names.add("apiKeys." + rotated.keyId() + ".secret");
        } else if (event instanceof AdminApiKeyRevokedEvent revoked) {
            names.add("apiKeys." + revoked.keyId() + ".revoked");
        } else if (event instanceof ProjectionRebuildStartedEvent rebuild) {
            names.add("projections." + rebuild.projection()
                    + (rebuild.scopeTenantId() == null ? "" : ".tenants." + rebuild.scopeTenantId()));
        } else if (event instanceof KafkaRepublicationStartedEvent republication) {
            names.add("kafka.tenants." + republication.subjectTenantId());
        } else if (event instanceof QuarantineRetriedEvent retried) {
            names.add("quarantine." + retried.processor());
        }
        return names;
    }
}
