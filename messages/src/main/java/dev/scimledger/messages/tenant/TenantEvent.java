package dev.scimledger.messages.tenant;

import dev.scimledger.messages.ScimEvent;

/** An admin action on a tenant or its tokens, recorded in the log with who did it. */
public interface TenantEvent extends ScimEvent {
    /** Who acted: "admin-api" for the admin API, "cli:&lt;os user&gt;" for the command line. */
    String actor();
}
