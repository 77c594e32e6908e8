package dev.slipway.deploy;

/** A service or an environment of the catalog, as the column that names it in deploy's tables. */
record CatalogEntry(String column, long id) {

    static CatalogEntry service(long id) {
        return new CatalogEntry("service_id", id);
    }

    static CatalogEntry environment(long id) {
        return new CatalogEntry("environment_id", id);
    }

    /** The condition matching the entry's rows, with its id as the one parameter. */
    String matches() {
        return column + " = ?";
    }
}
