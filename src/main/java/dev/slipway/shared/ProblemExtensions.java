package dev.slipway.shared;

import java.util.Map;

/** An exception that tells an API client more than its message: extra members of its problem detail. */
public interface ProblemExtensions {

    Map<String, Object> problemProperties();
}
