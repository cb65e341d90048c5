package dev.scimledger.messages.tenant;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** The tenant's settings are now {@code settings}; {@code changed} names the settings that differ from before. */
@Revision("1")
public record TenantSettingsChangedEvent(String tenantId, TenantSettings settings, List<String> changed, String actor,
                                         Instant at) implements TenantEvent {
}
