package dev.slipway.notify.web;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.notify.WebhookDeliveries;
import dev.slipway.notify.WebhookEvent;
import dev.slipway.notify.WebhookView;
import dev.slipway.notify.Webhooks;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.HtmxForm;
import java.time.Clock;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators manage outgoing webhooks and watch their deliveries. */
@Controller
@RequiredArgsConstructor
class WebhookController {

    private final Webhooks webhooks;
    private final WebhookDeliveries deliveries;
    private final AccessPolicy access;
    private final Clock clock;

    @GetMapping("/admin/webhooks")
    String list(Model model) {
        model.addAttribute("webhooks", webhooks.list());
        return "notify/list";
    }

    @GetMapping("/admin/webhooks/new")
    String newForm(Model model) {
        access.require(Permission.WEBHOOKS_MANAGE);
        return form(model, new WebhookForm(), null);
    }

    @HtmxForm("entry-form")
    @PostMapping("/admin/webhooks")
    String create(@ModelAttribute("form") WebhookForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> webhooks.create(form.toRequest())).map(created -> {
            flash.addFlashAttribute("flashSuccess", "Webhook " + created.webhook().name() + " created.");
            if (created.generatedSecret() != null) {
                flash.addFlashAttribute("createdSecret", created.generatedSecret());
            }
            return "redirect:/admin/webhooks/" + created.webhook().id();
        }).orElseGet(() -> form(model, form, null));
    }

    @GetMapping("/admin/webhooks/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("webhook", webhooks.get(id));
        model.addAttribute("deliveries", deliveries.recent(id));
        model.addAttribute("now", clock.instant());
        return "notify/show";
    }

    @GetMapping("/admin/webhooks/{id}/edit")
    String editForm(@PathVariable long id, Model model) {
        WebhookView webhook = webhooks.get(id);
        return form(model, WebhookForm.of(webhook), webhook);
    }

    @HtmxForm("entry-form")
    @PostMapping("/admin/webhooks/{id}")
    String update(@PathVariable long id, @ModelAttribute("form") WebhookForm form, BindingResult binding,
            Model model, RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> webhooks.update(id, form.toRequest())).map(saved -> {
            flash.addFlashAttribute("flashSuccess", "Webhook " + saved.name() + " saved.");
            return "redirect:/admin/webhooks/" + id;
        }).orElseGet(() -> form(model, form, webhooks.get(id)));
    }

    @PostMapping("/admin/webhooks/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        webhooks.delete(id);
        flash.addFlashAttribute("flashSuccess", "Webhook deleted, with its deliveries.");
        return "redirect:/admin/webhooks";
    }

    @PostMapping("/admin/webhooks/{id}/enabled")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled,
            RedirectAttributes flash) {
        WebhookView webhook = webhooks.setEnabled(id, enabled);
        flash.addFlashAttribute("flashSuccess", enabled ? "Webhook " + webhook.name() + " enabled."
                : "Webhook " + webhook.name() + " disabled: it gets no new notifications, and those queued wait.");
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/admin/webhooks/{id}/test")
    String sendTest(@PathVariable long id, RedirectAttributes flash) {
        try {
            long delivery = webhooks.sendTest(id);
            flash.addFlashAttribute("flashSuccess", "Test notification queued as delivery " + delivery
                    + "; it is sent within seconds.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/admin/webhooks/{id}/deliveries/{delivery}/retry")
    String retry(@PathVariable long id, @PathVariable long delivery, RedirectAttributes flash) {
        try {
            deliveries.retry(id, delivery);
            flash.addFlashAttribute("flashSuccess", "Delivery " + delivery + " is due now.");
        } catch (ConflictException e) {
            flash.addFlashAttribute("flashError", e.getMessage());
        }
        return "redirect:/admin/webhooks/" + id;
    }

    private String form(Model model, WebhookForm form, @Nullable WebhookView existing) {
        model.addAttribute("form", form);
        model.addAttribute("webhook", existing);
        model.addAttribute("eventTypes", WebhookEvent.values());
        model.addAttribute("title", existing == null ? "New webhook" : "Edit " + existing.name());
        return "notify/form";
    }
}
