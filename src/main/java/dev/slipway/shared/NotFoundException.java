package dev.slipway.shared;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Something the caller named does not exist. */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String kind, String key) {
        super(HttpStatus.NOT_FOUND, problem(kind, key), null);
    }

    private static ProblemDetail problem(String kind, String key) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No " + kind + " '" + key + "' exists. Check the spelling, or list them to see what there is.");
        problem.setTitle(capitalise(kind) + " not found");
        return problem;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
