package dev.slipway.catalog;

/** A team's slug and name, for pickers and links. */
public record TeamRef(String slug, String name) {
}
