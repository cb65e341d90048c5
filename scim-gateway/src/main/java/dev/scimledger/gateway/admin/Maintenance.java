package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.audit.AuditTrailReader;
import dev.scimledger.gateway.provisioning.CommandSender;
import dev.scimledger.messages.operator.OperatorEvent;
import dev.scimledger.messages.operator.RecordProjectionRebuildCommand;
import dev.scimledger.messages.operator.RecordQuarantineRetryCommand;
import dev.scimledger.messages.operator.RecordRepublicationCommand;
import dev.scimledger.messages.quarantine.QuarantineRetryOutcome;
import dev.scimledger.messages.quarantine.RetryQuarantineCommand;
import dev.scimledger.messages.rebuild.StartProjectionRebuildCommand;
import dev.scimledger.messages.republication.RepublicationStatus;
import dev.scimledger.messages.republication.RepublishTenantCommand;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The operators' maintenance of the projections, one path for the admin API and the console: a rebuild, a tenant's
 * re-publication to Kafka, a quarantine retry. The projection service carries each out; once it has, the action is
 * recorded as an event of the operators' log with who asked (a re-publication sends a tenant's personal data to Kafka
 * again, which an auditor will want to find).
 */
@Component
public class Maintenance {

    private final CommandGateway commands;
    private final CommandSender sender;
    private final AuditTrailReader trails;
    private final TenantAdministration administration;

    Maintenance(CommandGateway commands, CommandSender sender, AuditTrailReader trails,
                TenantAdministration administration) {
        this.commands = commands;
        this.sender = sender;
        this.trails = trails;
        this.administration = administration;
    }

    /**
     * Starts a rebuild of {@code projection}, compared for one tenant's rows or all (null); answers its id. A tenant
     * that never existed is a 404, not an empty comparison that proves nothing; a deleted one is compared.
     */
    public String startRebuild(String projection, String tenantId, AdminActor actor) {
        if (tenantId != null && !trails.tenantExists(tenantId)) {
            throw ScimException.notFound("tenant " + tenantId + " not found");
        }
        String id = commands.sendAndWait(new StartProjectionRebuildCommand(projection, tenantId, actor.name()));
        record(new RecordProjectionRebuildCommand(id, projection, tenantId, actor.name(), Instant.now()), actor);
        return id;
    }

    /** Starts publishing a tenant's events recorded at or after {@code from} (all of them when null) again. */
    public RepublicationStatus startRepublication(String tenantId, Instant from, AdminActor actor) {
        administration.existing(tenantId);
        RepublicationStatus started = commands.sendAndWait(new RepublishTenantCommand(tenantId, from, actor.name()));
        record(new RecordRepublicationCommand(started.id(), tenantId, from, actor.name(), Instant.now()), actor);
        return started;
    }

    /** Applies the processor's quarantined events again; answers what was applied and what is left. */
    public QuarantineRetryOutcome retryQuarantine(String processor, AdminActor actor) {
        QuarantineRetryOutcome outcome = commands.sendAndWait(new RetryQuarantineCommand(processor, actor.name()));
        record(new RecordQuarantineRetryCommand(processor, outcome.applied(), outcome.stillQuarantined(), actor.name(),
                Instant.now()), actor);
        return outcome;
    }

    private void record(Object command, AdminActor actor) {
        sender.change(command, actor.metadata(OperatorEvent.TENANT));
    }
}
