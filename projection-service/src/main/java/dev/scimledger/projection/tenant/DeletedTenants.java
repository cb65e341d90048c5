package dev.scimledger.projection.tenant;

import dev.scimledger.messages.tenant.TenantDeletedEvent;
import dev.scimledger.projection.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A deleted tenant's users and groups leave the SCIM read model (nothing can read them any more: its tokens were
 * revoked with the deletion). Its history stays in the log and the audit trail.
 */
@ProcessingGroup("scim-read-model")
public class DeletedTenants {

    private final JdbcTemplate jdbc;
    private final ReadModelTables tables;

    public DeletedTenants(JdbcTemplate jdbc, ReadModelTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    @EventHandler
    void on(TenantDeletedEvent event) {
        // through the live groups (indexed by tenant); a deleted group has no member rows left
        jdbc.update("""
                DELETE FROM %s
                WHERE group_id IN (SELECT group_id FROM %s WHERE tenant_id = ? AND NOT deleted)"""
                        .formatted(tables.member(), tables.group()),
                event.tenantId());
        jdbc.update("DELETE FROM %s WHERE tenant_id = ?".formatted(tables.group()), event.tenantId());
        jdbc.update("DELETE FROM %s WHERE tenant_id = ?".formatted(tables.user()), event.tenantId());
    }
}
