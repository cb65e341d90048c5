package dev.scimledger.projection.tenant;

import dev.scimledger.messages.tenant.TenantDeletedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A deleted tenant's users and groups leave the SCIM read model (nothing can read them any more: its tokens were
 * revoked with the deletion). Its history stays in the log and the audit trail.
 */
@Component
@ProcessingGroup("scim-read-model")
class DeletedTenants {

    private final JdbcTemplate jdbc;

    DeletedTenants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(TenantDeletedEvent event) {
        // through the live groups (indexed by tenant); a deleted group has no member rows left
        jdbc.update("""
                DELETE FROM scim_group_member
                WHERE group_id IN (SELECT group_id FROM scim_group WHERE tenant_id = ? AND NOT deleted)""",
                event.tenantId());
        jdbc.update("DELETE FROM scim_group WHERE tenant_id = ?", event.tenantId());
        jdbc.update("DELETE FROM scim_user WHERE tenant_id = ?", event.tenantId());
    }
}
