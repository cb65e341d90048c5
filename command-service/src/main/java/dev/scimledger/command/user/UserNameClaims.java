package dev.scimledger.command.user;

/**
 * The set of provisioned userNames per tenant, for the one rule no single aggregate can decide. Called inside the
 * command's transaction, so a claim commits or rolls back together with the event that needs it.
 */
interface UserNameClaims {

    /** True when the name was free and is now claimed for this user; waits while another transaction holds it. */
    boolean claim(String tenantId, String userNameKey, String userId);

    void release(String tenantId, String userNameKey, String userId);

    /** The user holding the name, if any. */
    java.util.Optional<String> holder(String tenantId, String userNameKey);
}
