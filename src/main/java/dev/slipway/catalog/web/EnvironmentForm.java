package dev.slipway.catalog.web;

import dev.slipway.catalog.EnvironmentRequest;
import dev.slipway.catalog.EnvironmentView;
import dev.slipway.shared.FieldError;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/** The environment form as the browser posts it; the position arrives as text. */
class EnvironmentForm {

    private @Nullable String slug;
    private @Nullable String name;
    private boolean production;
    private @Nullable String position;
    private String cluster = "default";
    private String namespace = "{team}-{env}";
    private boolean promotionRequired;
    private boolean autoRollback;
    private String accessApprovalsRequired = "1";
    private boolean maintainersApproveAccess;

    static EnvironmentForm of(EnvironmentView environment) {
        var form = new EnvironmentForm();
        form.slug = environment.slug();
        form.name = environment.name();
        form.production = environment.production();
        form.position = String.valueOf(environment.position());
        form.cluster = environment.cluster();
        form.namespace = environment.namespace();
        form.promotionRequired = environment.promotionRequired();
        form.autoRollback = environment.autoRollback();
        form.accessApprovalsRequired = String.valueOf(environment.accessApprovalsRequired());
        form.maintainersApproveAccess = environment.maintainersApproveAccess();
        return form;
    }

    @NullUnmarked // a field the browser left out is still null here; validating the request reports it
    EnvironmentRequest toRequest(List<FieldError> errors) {
        Integer parsedPosition = null;
        if (position != null && !position.isBlank()) {
            try {
                parsedPosition = Integer.valueOf(position.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("position", "must be a whole number, or empty to place it last"));
            }
        }
        Integer approvals = null;
        if (accessApprovalsRequired != null && !accessApprovalsRequired.isBlank()) {
            try {
                approvals = Integer.valueOf(accessApprovalsRequired.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("accessApprovalsRequired", "must be a whole number between 1 and 5"));
            }
        }
        return new EnvironmentRequest(slug, name, production, parsedPosition, cluster, namespace, promotionRequired,
                autoRollback, approvals, maintainersApproveAccess);
    }

    public @Nullable String getSlug() { return slug; }
    public void setSlug(String slug) { this.slug = slug; }
    public @Nullable String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isProduction() { return production; }
    public void setProduction(boolean production) { this.production = production; }
    public @Nullable String getPosition() { return position; }
    public void setPosition(String position) { this.position = position; }
    public String getCluster() { return cluster; }
    public void setCluster(String cluster) { this.cluster = cluster; }
    public String getNamespace() { return namespace; }
    public boolean isPromotionRequired() { return promotionRequired; }
    public void setPromotionRequired(boolean value) { this.promotionRequired = value; }
    public boolean isAutoRollback() { return autoRollback; }
    public String getAccessApprovalsRequired() { return accessApprovalsRequired; }
    public void setAccessApprovalsRequired(String value) { this.accessApprovalsRequired = value; }
    public boolean isMaintainersApproveAccess() { return maintainersApproveAccess; }
    public void setMaintainersApproveAccess(boolean value) { this.maintainersApproveAccess = value; }
    public void setAutoRollback(boolean value) { this.autoRollback = value; }
    public void setNamespace(String namespace) { this.namespace = namespace; }
}
