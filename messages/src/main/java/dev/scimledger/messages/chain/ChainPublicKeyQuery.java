package dev.scimledger.messages.chain;

/** The public half of the operator's checkpoint signing key, as PEM. */
public record ChainPublicKeyQuery() {
}
