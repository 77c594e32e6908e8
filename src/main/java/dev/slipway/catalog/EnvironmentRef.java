package dev.slipway.catalog;

/** What other modules need to know of an environment to deploy to it. */
public record EnvironmentRef(long id, String slug, String name, boolean production, int position, String cluster,
        String namespaceTemplate, boolean promotionRequired, boolean autoRollback, int accessApprovalsRequired,
        boolean maintainersApproveAccess) {

    /** The Kubernetes namespace a service of a team lands in here. */
    public String namespaceFor(String team, String service) {
        return namespaceTemplate.replace("{team}", team).replace("{service}", service).replace("{env}", slug);
    }
}
