package dev.scimledger.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers for services that listen on 127.0.0.1 only. */
final class LoopbackPorts {

    static final String HOST = "127.0.0.1";

    private LoopbackPorts() {
    }

    /**
     * Returns {@code requested} if it is free on 127.0.0.1, or a free ephemeral port if {@code requested} is 0.
     * (There is an unavoidable window between probing and the real bind; a loser of that race fails at bind time.)
     *
     * @throws IllegalStateException if a non-zero port is already taken
     */
    static int resolve(int requested, String what, String propertyHint) {
        if (requested < 0 || requested > 65535) {
            throw new IllegalArgumentException(what + " port must be 0..65535, was " + requested);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the real servers do, so TIME_WAIT leftovers do not count as "in use"
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), requested));
            return socket.getLocalPort();
        } catch (IOException e) {
            if (requested == 0) {
                throw new UncheckedIOException("Could not find a free loopback port for " + what, e);
            }
            throw new IllegalStateException(what + " cannot listen on " + HOST + ":" + requested
                    + " because the port is already in use (" + e.getMessage() + "). Set " + propertyHint
                    + " to another port, or 0 to pick a free one.", e);
        }
    }
}
