package dev.slipway.audit;

import dev.slipway.shared.InvalidInputException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import lombok.AccessLevel;
import lombok.RequiredArgsConstructor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.json.JsonMapper;

/** Writes the audit trail as CSV or NDJSON, one event at a time, so memory stays flat for millions of events. */
@Component
@RequiredArgsConstructor(access = AccessLevel.PACKAGE)
public class AuditExport {

    public enum Format {
        CSV("text/csv", "csv"), NDJSON("application/x-ndjson", "ndjson");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }

        public static Format of(String value) {
            for (Format format : values()) {
                if (format.extension.equalsIgnoreCase(value == null ? "" : value.strip())) {
                    return format;
                }
            }
            throw new InvalidInputException("format", "must be csv or ndjson");
        }
    }

    private static final String[] HEADER = {"seq", "occurred_at", "actor_id", "actor_name", "actor_kind", "token_id",
        "address", "user_agent", "request_id", "action", "target_type", "target_id", "outcome", "reason", "changes",
        "prev_hash", "hash"};
    private static final CSVFormat CSV = CSVFormat.RFC4180.builder().setHeader(HEADER).get();

    private final AuditTrail trail;
    private final JsonMapper json;

    /**
     * The export as a file to download: checked and recorded now, on the caller's request; streamed when the
     * response is written.
     */
    public ResponseEntity<StreamingResponseBody> download(Format format, AuditFilter filter) {
        trail.authorizeExport(filter, format.extension());
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"slipway-audit." + format.extension() + "\"")
                .body(out -> write(filter, format, out));
    }

    private void write(AuditFilter filter, Format format, OutputStream out) throws IOException {
        var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        CSVPrinter csv = format == Format.CSV ? new CSVPrinter(writer, CSV) : null; // writes the header
        try {
            trail.stream(filter, event -> {
                try {
                    if (csv != null) {
                        csv.printRecord(Arrays.stream(values(event)).map(AuditExport::cell));
                    } else {
                        writer.write(ndjson(event));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        writer.flush();
    }

    private String ndjson(AuditRecord e) {
        var map = new LinkedHashMap<String, Object>();
        Object[] values = values(e);
        for (int i = 0; i < HEADER.length; i++) {
            map.put(HEADER[i], values[i]);
        }
        return json.writeValueAsString(map) + "\n";
    }

    private static Object[] values(AuditRecord e) {
        return new Object[] {e.seq(), e.occurredAt().toString(), e.actorId(), e.actorName(), e.actorKind(), e.tokenId(),
            e.address(), e.userAgent(), e.requestId(), e.action(), e.targetType(), e.targetId(), e.outcome(), e.reason(),
            e.changes(), e.prevHash(), e.hash()};
    }

    // A leading = + - @ tab or CR is prefixed so spreadsheets do not run the cell as a formula (as the cost export
    // does); Commons CSV quotes as RFC 4180 asks.
    private static String cell(Object value) {
        String text = value == null ? "" : value.toString();
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
