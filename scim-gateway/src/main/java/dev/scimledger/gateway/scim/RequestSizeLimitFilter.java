package dev.scimledger.gateway.scim;

import dev.scimledger.gateway.access.BearerAuthenticationFilter;
import dev.scimledger.gateway.GatewayProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Refuses a request body over {@code scim.max-request-size} (default 1 MB) with 413 before it is parsed: by its
 * Content-Length when declared, else while it is read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long scimLimit;
    private final long importLimit;
    private final ObjectMapper json;

    RequestSizeLimitFilter(GatewayProperties properties, ObjectMapper json) {
        this.scimLimit = properties.maxRequestSize().toBytes();
        this.importLimit = properties.maxImportSize().toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // account imports (admin API) stream many accounts in one body; everything else is one resource or request
        long limit = isImport(request) ? importLimit : scimLimit;
        if (request.getContentLengthLong() > limit) {
            response.setStatus(413);
            response.setContentType(ScimErrors.SCIM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ScimErrors.body(413, null, tooLarge(limit)));
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() throws IOException {
                return new Bounded(super.getInputStream(), limit);
            }
        }, response);
    }

    private static String tooLarge(long limit) {
        return "the request body is larger than " + limit + " bytes";
    }

    /** Thrown while reading a body that turns out larger than the limit. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private static final class Bounded extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Bounded(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(tooLarge(limit));
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }

    /** The account import, {@code POST /admin/tenants/{id}/accounts}, and no other path that ends the same way. */
    private static boolean isImport(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && IMPORT_PATH.matcher(BearerAuthenticationFilter.routedPath(request)).matches();
    }

    private static final java.util.regex.Pattern IMPORT_PATH = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(BearerAuthenticationFilter.ADMIN_PATH) + "/tenants/[^/]+/accounts/?",
            java.util.regex.Pattern.CASE_INSENSITIVE);
}
