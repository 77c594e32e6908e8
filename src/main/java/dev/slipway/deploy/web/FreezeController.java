package dev.slipway.deploy.web;

import dev.slipway.catalog.EnvironmentCatalog;
import dev.slipway.deploy.FreezeRequest;
import dev.slipway.deploy.Freezes;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.InvalidInputException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An environment's freeze windows in the portal. */
@Controller
@RequiredArgsConstructor
class FreezeController {

    private final Freezes freezes;
    private final EnvironmentCatalog environments;
    private final AccessPolicy access;

    @GetMapping("/environments/{slug}/freezes")
    String list(@PathVariable String slug, Model model) {
        model.addAttribute("environment", environments.get(slug));
        model.addAttribute("freezes", freezes.list(slug));
        model.addAttribute("active", freezes.activeIn(slug).orElse(null));
        model.addAttribute("canEdit", access.can(Permission.ENVIRONMENT_WRITE));
        return "deploy/freezes";
    }

    @PostMapping("/environments/{slug}/freezes")
    String create(@PathVariable String slug, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) Integer weekday,
            @RequestParam(required = false) String startTime, @RequestParam(required = false) String endTime,
            @RequestParam(required = false) String zone, @RequestParam(required = false) String reason,
            RedirectAttributes flash) {
        try {
            boolean weekly = weekday != null;
            freezes.create(slug, new FreezeRequest(weekly ? null : utc(from, "from"), weekly ? null : utc(to, "to"),
                    weekday, startTime, endTime, zone, reason));
            flash.addFlashAttribute("flashSuccess", "Freeze window added.");
        } catch (InvalidInputException e) {
            flash.addFlashAttribute("flashError", "Not added: " + e.errors().get(0).field() + " "
                    + e.errors().get(0).message() + ".");
        }
        return "redirect:/environments/" + slug + "/freezes";
    }

    @PostMapping("/environments/{slug}/freezes/{id}/delete")
    String delete(@PathVariable String slug, @PathVariable long id, RedirectAttributes flash) {
        freezes.delete(slug, id);
        flash.addFlashAttribute("flashSuccess", "Freeze window removed.");
        return "redirect:/environments/" + slug + "/freezes";
    }

    private static @Nullable Instant utc(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be a date and time");
        }
    }
}
