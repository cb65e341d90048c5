package dev.scimledger.gateway.provisioning;

import dev.scimledger.scim.Causes;
import dev.scimledger.scim.ScimException;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.stereotype.Component;

/**
 * Sends the commands of SCIM requests, admin actions and imports, each with the metadata that says where it came
 * from, and waits for the result.
 */
@Component
public class CommandSender {

    static final int CONCURRENT_CHANGE_ATTEMPTS = 5;

    private final CommandGateway commands;

    CommandSender(CommandGateway commands) {
        this.commands = commands;
    }

    /** A command that creates an aggregate: no other node can be appending to it. */
    public <R> R create(Object command, MetaData metadata) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
    }

    /**
     * A command to an existing aggregate. When another node appended to the same aggregate at the same moment the
     * append fails on the event store's unique key; the command is then decided again on the fresh state, and after
     * {@value #CONCURRENT_CHANGE_ATTEMPTS} such attempts the answer is a 409.
     */
    public <R> R change(Object command, MetaData metadata) {
        for (int attempt = 1; ; attempt++) {
            try {
                return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metadata));
            } catch (RuntimeException failure) {
                if (!causedByConcurrentAppend(failure)) {
                    throw failure;
                }
                if (attempt >= CONCURRENT_CHANGE_ATTEMPTS) {
                    throw ScimException.conflict(null, "the resource is being changed concurrently; retry");
                }
            }
        }
    }

    /** True when the failure comes from another append to the same aggregate at the same moment (safe to retry). */
    static boolean causedByConcurrentAppend(Throwable failure) {
        return Causes.find(failure, ConcurrencyException.class) != null;
    }
}
