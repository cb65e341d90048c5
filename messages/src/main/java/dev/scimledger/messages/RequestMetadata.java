package dev.scimledger.messages;

/**
 * Keys of the metadata the gateway attaches to every command. Axon copies them onto the events the command
 * produces, so each event in the log says who caused it (token), through which request, and from where.
 */
public final class RequestMetadata {
    public static final String TENANT_ID = "tenantId";
    public static final String TOKEN_ID = "tokenId";
    public static final String REQUEST_ID = "requestId";
    public static final String CLIENT_ADDRESS = "clientAddress";
    public static final String USER_AGENT = "userAgent";

    public static final String[] ALL = {TENANT_ID, TOKEN_ID, REQUEST_ID, CLIENT_ADDRESS, USER_AGENT};

    private RequestMetadata() {
    }
}
