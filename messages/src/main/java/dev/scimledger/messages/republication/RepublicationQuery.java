package dev.scimledger.messages.republication;

/** One re-publication of the tenant's history: its progress while it runs, its outcome when done. */
public record RepublicationQuery(String tenantId, String republicationId) {
}
