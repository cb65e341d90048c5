package dev.scimledger.gateway.provisioninglog;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Passes the response through, keeping a copy of the first {@value #LIMIT} bytes of its body only when its status is
 * an error at the time they are written: the SCIM error's type and detail are read from that copy later, off the
 * request's path. A successful answer is not copied.
 */
final class ErrorBodyCapture extends HttpServletResponseWrapper {

    static final int LIMIT = 4096;

    private ByteArrayOutputStream copy;
    private ServletOutputStream stream;

    ErrorBodyCapture(HttpServletResponse response) {
        super(response);
    }

    /** The copied start of an error body; empty when the answer was no error or had no body. */
    byte[] errorBody() {
        return copy == null ? new byte[0] : copy.toByteArray();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            ServletOutputStream target = super.getOutputStream();
            stream = new ServletOutputStream() {
                @Override
                public void write(int b) throws IOException {
                    target.write(b);
                    keep(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    target.write(bytes, offset, length);
                    keep(bytes, offset, length);
                }

                @Override
                public void flush() throws IOException {
                    target.flush();
                }

                @Override
                public void close() throws IOException {
                    target.close();
                }

                @Override
                public boolean isReady() {
                    return target.isReady();
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    target.setWriteListener(listener);
                }
            };
        }
        return stream;
    }

    private void keep(byte[] bytes, int offset, int length) {
        if (getStatus() < 400) {
            return;
        }
        if (copy == null) {
            copy = new ByteArrayOutputStream(512);
        }
        int room = LIMIT - copy.size();
        if (room > 0) {
            copy.write(bytes, offset, Math.min(room, length));
        }
    }
}
