package dev.scimledger.gateway.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.scimledger.scim.ScimErrorType;
import dev.scimledger.scim.ScimException;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** How an export is written: one line per event, as JSON Lines or as CSV (RFC 4180, with a header line). */
public enum AuditExportFormat {

    JSONL("application/x-ndjson", "jsonl") {
        @Override
        RowWriter open(Writer out) throws IOException {
            JsonGenerator generator = JSON_FACTORY.createGenerator(out);
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            generator.setRootValueSeparator(null); // each value ends its own line instead
            return new RowWriter() {
                @Override
                public void write(AuditEvent event) throws IOException {
                    event.writeJson(generator);
                    generator.writeRaw('\n');
                }

                @Override
                public void finish() throws IOException {
                    generator.flush();
                }
            };
        }
    },

    CSV("text/csv; charset=utf-8; header=present", "csv") {
        @Override
        RowWriter open(Writer out) throws IOException {
            out.write(String.join(",", AuditEvent.CSV_COLUMNS));
            out.write(Csv.LINE_BREAK);
            StringBuilder line = new StringBuilder(512);
            return new RowWriter() {
                @Override
                public void write(AuditEvent event) throws IOException {
                    line.setLength(0);
                    event.appendCsv(line);
                    line.append(Csv.LINE_BREAK);
                    out.append(line);
                }

                @Override
                public void finish() throws IOException {
                    out.flush();
                }
            };
        }
    };

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final String contentType;
    private final String extension;

    AuditExportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** The Content-Type of an export in this format. */
    public String contentType() {
        return contentType;
    }

    /** The file name extension of an export in this format. */
    public String extension() {
        return extension;
    }

    /**
     * The format named {@code jsonl} or {@code csv} (in any case); null means JSON Lines.
     *
     * @throws ScimException 400 for any other name
     */
    public static AuditExportFormat named(String name) {
        if (name == null) {
            return JSONL;
        }
        for (AuditExportFormat format : values()) {
            if (format.extension.equals(name.toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw ScimException.invalid(ScimErrorType.INVALID_VALUE, "format is jsonl or csv, not \"" + name + "\"");
    }

    /** Starts an export on {@code out} (the CSV header is written here). */
    abstract RowWriter open(Writer out) throws IOException;

    interface RowWriter {
        void write(AuditEvent event) throws IOException;

        /** Flushes what is buffered; {@code out} stays open. */
        void finish() throws IOException;
    }
}
