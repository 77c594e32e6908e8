package dev.slipway.deploy.web;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.deploy.DeploySettings;
import dev.slipway.deploy.DeploySettingsStore;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.RequestValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** How a service runs in one environment, edited in the portal. */
@Controller
@RequiredArgsConstructor
class DeploySettingsController {

    private final DeploySettingsStore settings;
    private final ServiceCatalog services;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;

    @GetMapping("/services/{slug}/environments/{environment}/settings")
    String show(@PathVariable String slug, @PathVariable String environment, Model model) {
        return page(slug, environment, SettingsForm.of(settings.get(slug, environment)), model);
    }

    @PostMapping("/services/{slug}/environments/{environment}/settings")
    String save(@PathVariable String slug, @PathVariable String environment, @ModelAttribute("form") SettingsForm form,
            BindingResult binding, Model model, RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> {
            var errors = new ArrayList<FieldError>();
            DeploySettings request = form.toSettings(errors);
            RequestValidator.require(errors);
            return settings.put(slug, environment, request);
        }, field -> field.startsWith("env") ? "env" : field).map(saved -> {
            flash.addFlashAttribute("flashSuccess", "Settings saved; the next deployment to " + environment
                    + " uses them.");
            return "redirect:/services/" + slug;
        }).orElseGet(() -> page(slug, environment, form, model));
    }

    private String page(String slug, String environment, SettingsForm form, Model model) {
        var service = services.get(slug);
        model.addAttribute("service", service);
        model.addAttribute("environment", environments.get(environment));
        model.addAttribute("form", form);
        model.addAttribute("canEdit", access.can(Permission.SERVICE_WRITE, service.team().slug()));
        return "deploy/settings";
    }

    /** The settings form; numbers arrive as text, environment variables as one NAME=value a line. */
    static class SettingsForm {
        private @Nullable String replicas;
        private @Nullable String containerPort;
        private @Nullable String cpuRequest;
        private @Nullable String cpuLimit;
        private @Nullable String memoryRequest;
        private @Nullable String memoryLimit;
        private @Nullable String env;
        private @Nullable String readinessPath;
        private @Nullable String livenessPath;
        private @Nullable String rolloutTimeoutSeconds;

        static SettingsForm of(DeploySettings settings) {
            var form = new SettingsForm();
            form.replicas = String.valueOf(settings.replicas());
            form.containerPort = String.valueOf(settings.containerPort());
            form.cpuRequest = settings.cpuRequest();
            form.cpuLimit = settings.cpuLimit();
            form.memoryRequest = settings.memoryRequest();
            form.memoryLimit = settings.memoryLimit();
            var text = new StringBuilder();
            if (settings.env() != null) {
                new TreeMap<>(settings.env()).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            }
            form.env = text.toString();
            form.readinessPath = settings.readinessPath();
            form.livenessPath = settings.livenessPath();
            form.rolloutTimeoutSeconds = String.valueOf(settings.rolloutTimeoutSeconds());
            return form;
        }

        @NullUnmarked // a field the browser left out is still null here; validating the request reports it
        DeploySettings toSettings(List<FieldError> errors) {
            var variables = new TreeMap<String, String>();
            int line = 0;
            for (String entry : (env == null ? "" : env).split("\\R")) {
                line++;
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    errors.add(new FieldError("env", "line " + line + ": write each variable as NAME=value"));
                } else {
                    variables.put(entry.substring(0, eq).strip(), entry.substring(eq + 1));
                }
            }
            return new DeploySettings(number("replicas", replicas, errors), number("containerPort", containerPort, errors),
                    cpuRequest, cpuLimit, memoryRequest, memoryLimit, Map.copyOf(variables), readinessPath, livenessPath,
                    number("rolloutTimeoutSeconds", rolloutTimeoutSeconds, errors));
        }

        private static @Nullable Integer number(String field, @Nullable String value, List<FieldError> errors) {
            try {
                return Integer.valueOf(value == null ? "" : value.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError(field, "must be a whole number"));
                return null;
            }
        }

        public @Nullable String getReplicas() { return replicas; }
        public void setReplicas(String value) { this.replicas = value; }
        public @Nullable String getContainerPort() { return containerPort; }
        public void setContainerPort(String value) { this.containerPort = value; }
        public @Nullable String getCpuRequest() { return cpuRequest; }
        public void setCpuRequest(String value) { this.cpuRequest = value; }
        public @Nullable String getCpuLimit() { return cpuLimit; }
        public void setCpuLimit(String value) { this.cpuLimit = value; }
        public @Nullable String getMemoryRequest() { return memoryRequest; }
        public void setMemoryRequest(String value) { this.memoryRequest = value; }
        public @Nullable String getMemoryLimit() { return memoryLimit; }
        public void setMemoryLimit(String value) { this.memoryLimit = value; }
        public @Nullable String getEnv() { return env; }
        public void setEnv(String value) { this.env = value; }
        public @Nullable String getReadinessPath() { return readinessPath; }
        public void setReadinessPath(String value) { this.readinessPath = value; }
        public @Nullable String getLivenessPath() { return livenessPath; }
        public void setLivenessPath(String value) { this.livenessPath = value; }
        public @Nullable String getRolloutTimeoutSeconds() { return rolloutTimeoutSeconds; }
        public void setRolloutTimeoutSeconds(String value) { this.rolloutTimeoutSeconds = value; }
    }
}
