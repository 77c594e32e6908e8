package dev.slipway.cost.web;

import dev.slipway.cost.AllocationKeys;
import dev.slipway.cost.SharedRuleRequest;
import dev.slipway.shared.FieldError;
import dev.slipway.shared.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The three forms of the allocation page, as typed. */
final class AllocationForms {

    private AllocationForms() {
    }

    /** Tag keys per dimension, each a comma-separated list in the order they are tried. */
    static class KeysForm {
        private String team = "";
        private String project = "";
        private String service = "";
        private String environment = "";

        static KeysForm of(AllocationKeys keys) {
            var form = new KeysForm();
            form.team = String.join(", ", keys.team());
            form.project = String.join(", ", keys.project());
            form.service = String.join(", ", keys.service());
            form.environment = String.join(", ", keys.environment());
            return form;
        }

        AllocationKeys toKeys() {
            return new AllocationKeys(split(team), split(project), split(service), split(environment));
        }

        private static List<String> split(String value) {
            return value == null ? List.of()
                    : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        public String getTeam() { return team; }
        public void setTeam(String value) { this.team = value; }
        public String getProject() { return project; }
        public void setProject(String value) { this.project = value; }
        public String getService() { return service; }
        public void setService(String value) { this.service = value; }
        public String getEnvironment() { return environment; }
        public void setEnvironment(String value) { this.environment = value; }
    }

    /** A tag value that stands for a catalog slug (the alias's target). */
    static class AliasForm {
        private String dimension = "team";
        private @Nullable String tagValue;
        private @Nullable String slug;

        public String getDimension() { return dimension; }
        public void setDimension(String value) { this.dimension = value; }
        public @Nullable String getTagValue() { return tagValue; }
        public void setTagValue(String value) { this.tagValue = value; }
        public @Nullable String getSlug() { return slug; }
        public void setSlug(String value) { this.slug = value; }
    }

    /** A shared-cost rule; shares are typed one {@code team=percent} a line. */
    static class RuleForm {
        private @Nullable String name;
        private @Nullable String matchProject;
        private @Nullable String matchCategory;
        private @Nullable String matchProviderService;
        private String method = "PROPORTIONAL";
        private @Nullable String shares;

        SharedRuleRequest toRequest() {
            var errors = new ArrayList<FieldError>();
            Map<String, BigDecimal> parsed = new LinkedHashMap<>();
            if ("FIXED".equalsIgnoreCase(method) && shares != null) {
                String[] lines = shares.split("\\R");
                for (int i = 0; i < lines.length; i++) {
                    String line = lines[i].strip();
                    if (line.isEmpty()) {
                        continue;
                    }
                    int equals = line.indexOf('=');
                    try {
                        if (equals < 1) {
                            throw new NumberFormatException();
                        }
                        String team = line.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                        String percent = line.substring(equals + 1).strip().replace("%", "").strip();
                        if (parsed.put(team, new BigDecimal(percent)) != null) {
                            errors.add(new FieldError("shares", "line " + (i + 1) + ": '" + team + "' appears twice"));
                        }
                    } catch (NumberFormatException e) {
                        errors.add(new FieldError("shares", "line " + (i + 1) + ": write team=percent, e.g. payments=60"));
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw new InvalidInputException(errors);
            }
            return new SharedRuleRequest(name, matchProject, matchCategory, matchProviderService, method, parsed);
        }

        public @Nullable String getName() { return name; }
        public void setName(String value) { this.name = value; }
        public @Nullable String getMatchProject() { return matchProject; }
        public void setMatchProject(String value) { this.matchProject = value; }
        public @Nullable String getMatchCategory() { return matchCategory; }
        public void setMatchCategory(String value) { this.matchCategory = value; }
        public @Nullable String getMatchProviderService() { return matchProviderService; }
        public void setMatchProviderService(String value) { this.matchProviderService = value; }
        public String getMethod() { return method; }
        public void setMethod(String value) { this.method = value; }
        public @Nullable String getShares() { return shares; }
        public void setShares(String value) { this.shares = value; }
    }
}
