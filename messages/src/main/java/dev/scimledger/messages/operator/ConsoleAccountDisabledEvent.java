package dev.scimledger.messages.operator;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A console account may no longer sign in; its sessions end at their next request. */
@Revision("1")
public record ConsoleAccountDisabledEvent(String tenantId, String username, String actor, Instant at) implements OperatorEvent {
}
