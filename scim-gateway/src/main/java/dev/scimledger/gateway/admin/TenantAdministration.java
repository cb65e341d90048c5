package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.scim.ScimRequests;
import dev.scimledger.gateway.tenant.Tenants;
import dev.scimledger.gateway.tenant.TokenDigest;
import dev.scimledger.messages.tenant.ChangeTenantSettingsCommand;
import dev.scimledger.messages.tenant.CreateTenantCommand;
import dev.scimledger.messages.tenant.DeleteTenantCommand;
import dev.scimledger.messages.tenant.IssueTokenCommand;
import dev.scimledger.messages.tenant.IssuedTokenView;
import dev.scimledger.messages.tenant.RecordExistingTenantCommand;
import dev.scimledger.messages.tenant.RenameTenantCommand;
import dev.scimledger.messages.tenant.ResumeTenantCommand;
import dev.scimledger.messages.tenant.RevokeTokenCommand;
import dev.scimledger.messages.tenant.RotateTokenCommand;
import dev.scimledger.messages.tenant.SuspendTenantCommand;
import dev.scimledger.messages.tenant.TenantSettings;
import dev.scimledger.messages.tenant.TenantView;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Every admin action on tenants and tokens, as commands to the Tenant aggregate: one path for the admin API and
 * for the jar's command line, so both are decided, recorded and enforced the same way.
 */
@Component
public class TenantAdministration {

    private static final Logger log = LoggerFactory.getLogger(TenantAdministration.class);
    private static final int CONCURRENT_CHANGE_ATTEMPTS = 5;

    private final CommandGateway commands;
    private final Tenants tenants;

    TenantAdministration(CommandGateway commands, Tenants tenants) {
        this.commands = commands;
        this.tenants = tenants;
    }

    /** A token as issued: the secret, shown this once, and what the log knows of it. */
    public record IssuedToken(String token, IssuedTokenView view) {
        @Override
        public String toString() {
            return "IssuedToken[" + view + "]"; // never the secret
        }
    }

    public TenantView create(String name, AdminActor actor) {
        String tenantId = UUID.randomUUID().toString();
        return send(tenantId, new CreateTenantCommand(tenantId, name, actor.name(), now()), actor);
    }

    public TenantView rename(String tenantId, String name, AdminActor actor) {
        return send(tenantId, new RenameTenantCommand(tenantId, name, actor.name(), now()), actor);
    }

    /** Applies {@code change} to the tenant's current settings; the aggregate checks the result's bounds. */
    public TenantView changeSettings(String tenantId, UnaryOperator<TenantSettings> change, AdminActor actor) {
        TenantSettings next = change.apply(existing(tenantId).settings());
        return send(tenantId, new ChangeTenantSettingsCommand(tenantId, next, actor.name(), now()), actor);
    }

    public TenantView suspend(String tenantId, String reason, AdminActor actor) {
        return send(tenantId, new SuspendTenantCommand(tenantId, reason, actor.name(), now()), actor);
    }

    public TenantView resume(String tenantId, AdminActor actor) {
        return send(tenantId, new ResumeTenantCommand(tenantId, actor.name(), now()), actor);
    }

    public TenantView delete(String tenantId, AdminActor actor) {
        return send(tenantId, new DeleteTenantCommand(tenantId, actor.name(), now()), actor);
    }

    /** @param lifetimeDays null for the tenant's token lifetime */
    public IssuedToken issueToken(String tenantId, String name, Integer lifetimeDays, AdminActor actor) {
        String token = TokenDigest.newToken(Tenants.SCIM_TOKEN_PREFIX);
        IssuedTokenView view = send(tenantId, new IssueTokenCommand(tenantId, UUID.randomUUID().toString(), name,
                TokenDigest.digest(token), lifetimeDays, actor.name(), now()), actor);
        return new IssuedToken(token, view);
    }

    public void revokeToken(String tenantId, String tokenId, AdminActor actor) {
        send(tenantId, new RevokeTokenCommand(tenantId, tokenId, actor.name(), now()), actor);
    }

    public IssuedToken rotateToken(String tenantId, String tokenId, String newName, Duration overlap, AdminActor actor) {
        String token = TokenDigest.newToken(Tenants.SCIM_TOKEN_PREFIX);
        IssuedTokenView view = send(tenantId, new RotateTokenCommand(tenantId, tokenId, UUID.randomUUID().toString(),
                newName, TokenDigest.digest(token), overlap, actor.name(), now()), actor);
        return new IssuedToken(token, view);
    }

    public Tenants.Tenant existing(String tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> ScimException.notFound("tenant " + tenantId + " not found"));
    }

    /**
     * Tenants created before tenants were event-sourced enter the log once, with their tokens, so that every later
     * action on them goes through their aggregate. When several instances start together, one records each tenant
     * and the others find its stream taken.
     */
    @EventListener(ApplicationReadyEvent.class)
    void recordExistingTenants() {
        for (Tenants.Tenant tenant : tenants.unrecorded()) {
            var tokens = tenants.tokens(tenant.id()).stream()
                    .filter(t -> t.revokedAt() == null)
                    .map(t -> new RecordExistingTenantCommand.ExistingToken(t.id(), t.name(), t.createdAt(), t.expiresAt()))
                    .toList();
            try {
                commands.sendAndWait(new RecordExistingTenantCommand(tenant.id(), tenant.name(), tenant.settings(),
                        tenant.created(), tokens));
                log.info("Recorded tenant {} and its {} tokens in the log", tenant.id(), tokens.size());
            } catch (RuntimeException failure) {
                log.warn("Tenant {} was not recorded in the log now (another instance may have done it): {}",
                        tenant.id(), failure.toString());
            }
        }
    }

    private <R> R send(String tenantId, Object command, AdminActor actor) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(actor.metadata(tenantId)));
            } catch (RuntimeException failure) {
                if (!ScimRequests.causedByConcurrentAppend(failure) || attempt >= CONCURRENT_CHANGE_ATTEMPTS) {
                    throw failure;
                }
            }
        }
    }

    private static Instant now() {
        return ScimRequests.requestTime();
    }
}
