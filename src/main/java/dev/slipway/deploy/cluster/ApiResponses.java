package dev.slipway.deploy.cluster;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import java.net.HttpURLConnection;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Responses as a Kubernetes API server writes them: JSON, and a {@code Status} object for every error. */
final class ApiResponses {

    static final String CONTENT_TYPE = "Content-Type";
    static final String JSON = "application/json";

    private static final int UNPROCESSABLE_ENTITY = 422;

    private ApiResponses() {
    }

    static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader(CONTENT_TYPE, JSON).setBody(body);
    }

    static MockResponse status(int code, String reason, @Nullable String message) {
        return json(code, Serialization.asJson(new StatusBuilder()
                .withNewMetadata().endMetadata()
                .withStatus("Failure")
                .withReason(reason)
                .withMessage(message)
                .withCode(code)
                .build()));
    }

    /**
     * Gives a response of fabric8's store the body and content type clients expect: an error without a body gets
     * a {@code Status}, so that kubectl can say what went wrong.
     */
    static MockResponse complete(MockResponse response, Supplier<String> notFoundMessage) {
        if (response.getWebSocketListener() != null) {
            return response;
        }
        if (response.code() >= 400 && isEmpty(response.getBody())) {
            int code = response.code();
            String message = code == HttpURLConnection.HTTP_NOT_FOUND
                    ? notFoundMessage.get()
                    : "the sandbox cluster could not handle the request";
            return status(code, reasonOf(code), message);
        }
        if (!isEmpty(response.getBody()) && response.header(CONTENT_TYPE) == null) {
            response.setHeader(CONTENT_TYPE, JSON);
        }
        return response;
    }

    private static String reasonOf(int code) {
        return switch (code) {
            case HttpURLConnection.HTTP_NOT_FOUND -> "NotFound";
            case HttpURLConnection.HTTP_CONFLICT -> "Conflict";
            case HttpURLConnection.HTTP_BAD_METHOD -> "MethodNotAllowed";
            case HttpURLConnection.HTTP_UNSUPPORTED_TYPE -> "UnsupportedMediaType";
            case UNPROCESSABLE_ENTITY -> "Invalid";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    }

    private static boolean isEmpty(Buffer body) {
        return body == null || body.size() == 0;
    }
}
