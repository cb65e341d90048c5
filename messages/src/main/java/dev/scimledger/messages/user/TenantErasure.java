package dev.scimledger.messages.user;

/**
 * The erasure of a deleted tenant's people.
 *
 * @param usersErased   users whose personal data was erased now
 * @param alreadyErased users erased before
 */
public record TenantErasure(String tenantId, int usersErased, int alreadyErased) {
}
