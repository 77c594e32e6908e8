package dev.slipway.audit.web;

import dev.slipway.audit.AuditExport;
import dev.slipway.audit.AuditFilter;
import dev.slipway.audit.AuditTrail;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UriComponentsBuilder;

/** The audit trail in the portal: filter, page through without reloads, open an event, verify, export. */
@Controller
@RequiredArgsConstructor
class AuditController {

    private static final int PAGE_SIZE = 50;

    private final AuditTrail trail;
    private final AuditExport export;

    /** The filter comes as query parameters (actor, action, targetType, targetId, outcome, from, to). */
    @GetMapping("/audit")
    String list(@ModelAttribute("form") FilterForm form, @RequestParam(required = false) Long cursor, Model model) {
        model.addAttribute("page", trail.search(form.toFilter(), cursor, PAGE_SIZE));
        model.addAttribute("query", form.query());
        return "audit/list";
    }

    /** Just the results, for the filters. */
    @HxRequest(target = "audit-results")
    @GetMapping("/audit")
    String results(@ModelAttribute("form") FilterForm form, @RequestParam(required = false) Long cursor, Model model) {
        return list(form, cursor, model) + " :: results";
    }

    /** The next events after a cursor, appended below those shown ("Load older events"). */
    @HxRequest(target = "load-older")
    @GetMapping("/audit")
    String more(@ModelAttribute("form") FilterForm form, @RequestParam(required = false) Long cursor, Model model) {
        list(form, cursor, model);
        return "audit/more :: more";
    }

    @GetMapping("/audit/{seq}")
    String event(@PathVariable long seq, Model model) {
        model.addAttribute("event", trail.get(seq));
        return "audit/event";
    }

    /** The event's details, shown beside the list. */
    @HxRequest
    @GetMapping("/audit/{seq}")
    String eventDetail(@PathVariable long seq, Model model) {
        return event(seq, model) + " :: detail";
    }

    @PostMapping("/audit/verify")
    String verify(Model model) {
        model.addAttribute("verification", trail.verify());
        return "audit/list :: verification";
    }

    @GetMapping("/audit/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "csv") String format,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String action,
            @RequestParam(required = false) String targetType, @RequestParam(required = false) String targetId,
            @RequestParam(required = false) String outcome, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        return export.download(AuditExport.Format.of(format),
                new FilterForm(actor, action, targetType, targetId, outcome, from, to).toFilter());
    }

    /** The filter as typed in the portal; dates are whole UTC days, "to" included. */
    record FilterForm(String actor, String action, String targetType, String targetId, String outcome, String from,
            String to) {

        AuditFilter toFilter() {
            return new AuditFilter(actor, action, targetType, targetId,
                    outcome == null || outcome.isBlank() ? null : outcome,
                    day(from).map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC)).orElse(null),
                    day(to).map(d -> d.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)).orElse(null));
        }

        @Nullable String query() {
            return UriComponentsBuilder.newInstance()
                    .queryParamIfPresent("actor", nonBlank(actor)).queryParamIfPresent("action", nonBlank(action))
                    .queryParamIfPresent("targetType", nonBlank(targetType))
                    .queryParamIfPresent("targetId", nonBlank(targetId))
                    .queryParamIfPresent("outcome", nonBlank(outcome)).queryParamIfPresent("from", nonBlank(from))
                    .queryParamIfPresent("to", nonBlank(to)).encode().build().getQuery();
        }

        private static Optional<String> nonBlank(String value) {
            return Optional.ofNullable(value).filter(v -> !v.isBlank());
        }

        private static Optional<LocalDate> day(String value) {
            try {
                return nonBlank(value).map(LocalDate::parse);
            } catch (DateTimeParseException e) {
                return Optional.empty(); // a hand-edited link: ignore the bound rather than fail the page
            }
        }
    }
}
