package dev.scimledger.messages.chain;

/** Sign every tenant's chain head now rather than at the next interval; answers how many were signed. */
public record SignChainCheckpointsCommand() {
}
