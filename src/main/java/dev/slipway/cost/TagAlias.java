package dev.slipway.cost;

/** A tag value that is not a catalog slug, and the slug it stands for (business_unit ViennaAI → team search). */
public record TagAlias(long id, String dimension, String tagValue, String target) {

    /** "team ViennaAI → search", for the audit trail. */
    public String describe() {
        return dimension + " " + tagValue + " → " + target;
    }
}
