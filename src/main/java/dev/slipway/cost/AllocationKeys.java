package dev.slipway.cost;

import java.util.List;

/** The tag keys that name each dimension, in the order they are tried. */
public record AllocationKeys(List<String> team, List<String> project, List<String> service,
        List<String> environment) {

    public static final List<String> DIMENSIONS = List.of("team", "project", "service", "environment");

    /** The keys of one of {@link #DIMENSIONS}. */
    public List<String> of(String dimension) {
        return switch (dimension) {
            case "team" -> team;
            case "project" -> project;
            case "service" -> service;
            case "environment" -> environment;
            default -> throw new IllegalArgumentException(dimension);
        };
    }
}
