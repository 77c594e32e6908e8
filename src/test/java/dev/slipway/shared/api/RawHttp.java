package dev.slipway.shared.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 client that writes a request byte for byte, so that nothing between the test and Tomcat
 * normalises the path, re-encodes the query or refuses an odd header byte, as a client library would.
 */
final class RawHttp {

    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final int port;
    private final int timeoutMillis;

    RawHttp(int port, int timeoutMillis) {
        this.port = port;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Sends one request on a fresh connection and reads the answer to the end. {@code target} goes into the
     * request line as it is; each header line is written as its bytes.
     */
    Answer send(String method, byte[] target, Map<String, byte[]> headers, byte[] body) throws IOException {
        var request = new ByteArrayOutputStream();
        request.writeBytes((method + " ").getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(target);
        request.writeBytes((" HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        headers.forEach((name, value) -> {
            request.writeBytes((name + ": ").getBytes(StandardCharsets.ISO_8859_1));
            request.writeBytes(value);
            request.writeBytes(new byte[] {'\r', '\n'});
        });
        if (body != null) {
            request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        request.writeBytes(new byte[] {'\r', '\n'});
        if (body != null) {
            request.writeBytes(body);
        }
        try (var socket = new Socket("localhost", port)) {
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // Tomcat may answer and close before it has read a large body; its answer is still there to read.
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer within " + timeoutMillis + " ms", e);
        }
    }

    private static Answer read(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        String all = new String(bytes, StandardCharsets.ISO_8859_1);
        if (all.isEmpty()) {
            throw new IOException("the connection was closed without an answer");
        }
        int split = all.indexOf("\r\n\r\n");
        String head = split < 0 ? all : all.substring(0, split);
        byte[] rest = split < 0 ? new byte[0] : Arrays.copyOfRange(bytes, split + 4, bytes.length);
        var lines = head.split("\r\n");
        var statusLine = Pattern.compile("HTTP/1\\.[01] (\\d{3})( .*)?").matcher(lines[0]);
        if (!statusLine.matches()) {
            throw new IOException("not an HTTP/1.1 answer: " + all.substring(0, Math.min(all.length(), 200)));
        }
        int status = Integer.parseInt(statusLine.group(1));
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            rest = dechunk(rest);
        }
        return new Answer(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        var out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int eol = indexOf(chunked, at);
            if (eol < 0) {
                break;
            }
            String sizeLine = new String(chunked, at, eol - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, eol + 2, Math.min(size, chunked.length - eol - 2));
            at = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
