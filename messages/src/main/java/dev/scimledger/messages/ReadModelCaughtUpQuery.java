package dev.scimledger.messages;

/**
 * Waits until the SCIM read model has applied every event committed before the query was handled, whichever
 * resources they belong to; answers whether it got there within the read-your-writes timeout. For writes whose
 * events touch other resources than the one written (a delete takes the member out of every group), so that the
 * client's next read of any of them sees the write.
 */
public record ReadModelCaughtUpQuery() {
}
