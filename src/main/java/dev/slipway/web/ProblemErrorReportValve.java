package dev.slipway.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * Tomcat's own answer to a request it refuses before any servlet sees it (a {@code %2F} or an invalid
 * UTF-8 sequence in the path, a request line or header past the size limit). Under {@code /api/} it
 * answers with a problem detail like every other API error; elsewhere with a short page in Slipway's
 * words instead of Tomcat's, which names the server.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int code = response.getStatus();
        if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(code);
        String reason = status == null ? "Error" : status.getReasonPhrase();
        try {
            response.resetBuffer();
            if (isApi(request)) {
                write(response, MediaType.APPLICATION_PROBLEM_JSON_VALUE, problem(code, reason));
            } else {
                write(response, MediaType.TEXT_HTML_VALUE, page(code, reason));
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is already gone or the response is committed; there is no one left to tell.
        }
    }

    // A request line past the size limit leaves no path to look at; the portal never builds such addresses,
    // so the answer then is the one a script can read.
    private static boolean isApi(Request request) {
        String uri = request.getRequestURI();
        return uri == null || uri.isEmpty() || uri.startsWith("/api/") || uri.equals("/api");
    }

    private static String problem(int code, String reason) {
        String detail = code == 400
                ? "The request was refused before it reached Slipway: its path, query or headers are malformed or too "
                        + "long (an encoded '/', a NUL or an invalid UTF-8 sequence in the path, or more than 8 KB of "
                        + "headers). Encode the path with ordinary percent-encoding and keep queries short."
                : "The request could not be handled.";
        return "{\"type\":\"about:blank\",\"title\":\"" + reason + "\",\"status\":" + code + ",\"detail\":\""
                + detail + "\"}";
    }

    private static String page(int code, String reason) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + reason
                + " · Slipway</title></head><body><main><h1>" + reason + "</h1><p>Slipway could not read this "
                + "address. Check it, or start again from the <a href=\"/\">dashboard</a>.</p><p>Slipway · error "
                + code + "</p></main></body></html>";
    }

    private static void write(Response response, String contentType, String body) throws IOException {
        response.setContentType(contentType);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getReporter();
        if (writer != null) {
            writer.write(body);
            response.finishResponse();
        }
    }
}
