package dev.slipway.deploy.cluster;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A kind of object the sandbox API server serves, as its discovery documents describe it. */
record ApiResourceType(
        String group,
        String version,
        String plural,
        String kind,
        boolean namespaced,
        Set<Subresource> subresources,
        List<String> shortNames,
        List<String> categories) {

    enum Subresource {
        STATUS("status", "get", "patch", "update"),
        SCALE("scale", "get", "patch", "update");

        final String path;
        final List<String> verbs;

        Subresource(String path, String... verbs) {
            this.path = path;
            this.verbs = List.of(verbs);
        }
    }

    static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    boolean has(Subresource subresource) {
        return subresources.contains(subresource);
    }

    String singular() {
        return kind.toLowerCase(Locale.ROOT);
    }

    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The URL prefix of this group version: {@code /api/v1} or {@code /apis/apps/v1}. */
    String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }

    /** The URL of one object, with OpenAPI's placeholders. */
    String itemPath() {
        return groupVersionPath() + (namespaced ? "/namespaces/{namespace}/" : "/") + plural + "/{name}";
    }
}
