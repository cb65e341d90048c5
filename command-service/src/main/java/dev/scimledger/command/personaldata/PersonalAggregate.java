package dev.scimledger.command.personaldata;

/**
 * An aggregate whose state holds a person's personal data in plaintext (a user), so that its snapshots (which Axon
 * stores unencrypted) are deleted with the person's key, and none is stored once the person is erased.
 */
public interface PersonalAggregate {

    String tenantId();

    String personId();
}
