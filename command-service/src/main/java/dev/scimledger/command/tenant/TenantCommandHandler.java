package dev.scimledger.command.tenant;

import dev.scimledger.messages.tenant.ChangeTenantSettingsCommand;
import dev.scimledger.messages.tenant.CreateTenantCommand;
import dev.scimledger.messages.tenant.DeclareSchemaExtensionCommand;
import dev.scimledger.messages.tenant.RemoveSchemaExtensionCommand;
import dev.scimledger.messages.tenant.DeleteTenantCommand;
import dev.scimledger.messages.tenant.IssueTokenCommand;
import dev.scimledger.messages.tenant.IssuedTokenView;
import dev.scimledger.messages.tenant.RecordExistingTenantCommand;
import dev.scimledger.messages.tenant.RenameTenantCommand;
import dev.scimledger.messages.tenant.ResumeTenantCommand;
import dev.scimledger.messages.tenant.RevokeTokenCommand;
import dev.scimledger.messages.tenant.RotateTokenCommand;
import dev.scimledger.messages.tenant.SuspendTenantCommand;
import dev.scimledger.messages.tenant.TenantRegistry;
import dev.scimledger.messages.tenant.TenantView;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.function.Consumer;

/**
 * Routes tenant commands to the {@link Tenant} aggregate and keeps the {@link TenantRegistry} in the same
 * transaction: the aggregate decides, the registry is what the gateway checks on every request.
 */
@Component
class TenantCommandHandler {

    private final Repository<Tenant> tenants;
    private final TenantRegistry registry;

    TenantCommandHandler(Repository<Tenant> tenants, TenantRegistry registry) {
        this.tenants = tenants;
        this.registry = registry;
    }

    @CommandHandler
    TenantView handle(CreateTenantCommand command) throws Exception {
        String name = Tenant.validatedName(command.name());
        registry.lockNames();
        refuseTakenName(name, null);
        Aggregate<Tenant> tenant = tenants.newInstance(() -> new Tenant(command));
        TenantView view = tenant.invoke(Tenant::view);
        registry.insertTenant(view.tenantId(), view.name(), view.settings(), command.at());
        return view;
    }

    @CommandHandler
    TenantView handle(RecordExistingTenantCommand command) throws Exception {
        Aggregate<Tenant> tenant = tenants.newInstance(() -> new Tenant(command));
        registry.markRecorded(command.tenantId());
        return tenant.invoke(Tenant::view);
    }

    @CommandHandler
    TenantView handle(RenameTenantCommand command) {
        Aggregate<Tenant> tenant = load(command.tenantId());
        String name = Tenant.validatedName(command.name());
        registry.lockNames();
        refuseTakenName(name, command.tenantId());
        return change(tenant, t -> t.rename(command));
    }

    private void refuseTakenName(String name, String tenantId) {
        if (registry.nameTaken(name, tenantId)) {
            throw ScimException.conflict("a tenant named \"" + name + "\" exists already");
        }
    }

    @CommandHandler
    TenantView handle(ChangeTenantSettingsCommand command) {
        return change(load(command.tenantId()), t -> t.changeSettings(command));
    }

    @CommandHandler
    TenantView handle(DeclareSchemaExtensionCommand command) {
        return change(load(command.tenantId()), t -> t.declareExtension(command));
    }

    @CommandHandler
    TenantView handle(RemoveSchemaExtensionCommand command) {
        return change(load(command.tenantId()), t -> t.removeExtension(command));
    }

    @CommandHandler
    TenantView handle(SuspendTenantCommand command) {
        return change(load(command.tenantId()), t -> t.suspend(command));
    }

    @CommandHandler
    TenantView handle(ResumeTenantCommand command) {
        return change(load(command.tenantId()), t -> t.resume(command));
    }

    /**
     * Decides on the tenant, then writes what the registry holds of it (name, status, settings, schema extensions)
     * from its new state.
     */
    private TenantView change(Aggregate<Tenant> tenant, Consumer<Tenant> decision) {
        tenant.execute(decision);
        TenantView view = tenant.invoke(Tenant::view);
        registry.update(view);
        return view;
    }

    @CommandHandler
    TenantView handle(DeleteTenantCommand command) {
        Aggregate<Tenant> tenant = load(command.tenantId());
        tenant.execute(t -> t.delete(command));
        registry.delete(command.tenantId(), command.at());
        return tenant.invoke(Tenant::view);
    }

    @CommandHandler
    IssuedTokenView handle(IssueTokenCommand command) {
        IssuedTokenView issued = load(command.tenantId()).invoke(t -> t.issue(command));
        registry.insertToken(command.tenantId(), issued.tokenId(), command.digest(), issued.name(), issued.createdAt(),
                issued.expiresAt());
        return issued;
    }

    @CommandHandler
    void handle(RevokeTokenCommand command) {
        load(command.tenantId()).execute(t -> t.revoke(command));
        registry.revokeToken(command.tenantId(), command.tokenId(), command.at());
    }

    @CommandHandler
    IssuedTokenView handle(RotateTokenCommand command) {
        IssuedTokenView issued = load(command.tenantId()).invoke(t -> t.rotate(command));
        registry.insertToken(command.tenantId(), issued.tokenId(), command.newDigest(), issued.name(),
                issued.createdAt(), issued.expiresAt());
        registry.replaceToken(command.tenantId(), command.tokenId(), issued.tokenId(), issued.replacedValidUntil());
        return issued;
    }

    private Aggregate<Tenant> load(String tenantId) {
        try {
            return tenants.load(tenantId);
        } catch (AggregateNotFoundException | IncompatibleAggregateException notFound) {
            // incompatible: the id is another type's (a user's, a group's, a tenant's): no handler here takes its events
            // also AggregateDeletedException: a deleted tenant accepts no command
            throw ScimException.notFound("tenant " + tenantId + " not found");
        }
    }
}
