package dev.scimledger.messages.operator;

import dev.scimledger.messages.ScimEvent;

/**
 * An action on the people and keys that administer the service (console accounts, admin API keys), recorded in the
 * log with who did it, so that it is in the audit trail and the tamper-evident chain like every tenant's actions.
 * These events belong to no tenant: their {@code tenantId} is {@link #TENANT}, which no tenant's id can be (tenant ids
 * are UUIDs). Passwords, their hashes and key digests are never part of an event.
 */
public interface OperatorEvent extends ScimEvent {

    /** The log's tenant id for the operators' own actions, and the id of the one aggregate that decides them. */
    String TENANT = "operators";

    /** Who acted: {@code console:<account>}, {@code api-key:<name>}, {@code admin-api}, {@code cli:<os user>}. */
    String actor();
}
