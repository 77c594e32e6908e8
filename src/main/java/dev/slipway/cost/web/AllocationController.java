package dev.slipway.cost.web;

import dev.slipway.cost.AllocationKeys;
import dev.slipway.cost.AllocationRules;
import dev.slipway.cost.AllocationSettings;
import dev.slipway.cost.Recomputations;
import dev.slipway.cost.web.AllocationForms.AliasForm;
import dev.slipway.cost.web.AllocationForms.KeysForm;
import dev.slipway.cost.web.AllocationForms.RuleForm;
import dev.slipway.cost.web.CostReportController.Option;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.HtmxForm;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.NullUnmarked;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Finance decides where costs go: the tag keys per dimension, aliases for tag values, and rules that
 * share unallocated spend. Every change recomputes the rollups in the background; the page follows it.
 */
@Controller
@RequiredArgsConstructor
class AllocationController {

    static final List<Option> DIMENSIONS = AllocationKeys.DIMENSIONS.stream()
            .map(d -> new Option(d, d.substring(0, 1).toUpperCase(Locale.ROOT) + d.substring(1))).toList();
    static final List<Option> METHODS = List.of(new Option("PROPORTIONAL", "Proportional to each team's direct spend"),
            new Option("FIXED", "Fixed percentages"));
    private static final String REDIRECT = "redirect:/costs/allocation";

    private final AllocationRules rules;
    private final Recomputations recomputations;

    @GetMapping("/costs/allocation")
    String page(Model model) {
        AllocationSettings settings = rules.settings();
        model.addAttribute("keysForm", KeysForm.of(settings.keys()));
        model.addAttribute("aliasForm", new AliasForm());
        model.addAttribute("ruleForm", new RuleForm());
        return page(model, settings);
    }

    @HtmxForm("keys-form")
    @PostMapping("/costs/allocation/keys")
    String saveKeys(@ModelAttribute("keysForm") KeysForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> rules.updateKeys(form.toKeys())).map(saved -> {
            flash.addFlashAttribute("flashSuccess", "Tag keys saved. The reports are being recomputed with them.");
            return REDIRECT;
        }).orElseGet(() -> afterErrors(model));
    }

    @HtmxForm("alias-form")
    @NullUnmarked // a field the browser left out is still null here; the service's validation reports it
    @PostMapping("/costs/allocation/aliases")
    String addAlias(@ModelAttribute("aliasForm") AliasForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> rules.addAlias(form.getDimension(), form.getTagValue(), form.getSlug()),
                field -> "target".equals(field) ? "slug" : field).map(alias -> {
            flash.addFlashAttribute("flashSuccess", "Alias added: " + alias.dimension() + " tag value '"
                    + alias.tagValue() + "' now counts as " + alias.target() + ".");
            return REDIRECT;
        }).orElseGet(() -> afterErrors(model));
    }

    @PostMapping("/costs/allocation/aliases/{id}/delete")
    String removeAlias(@PathVariable long id, RedirectAttributes flash) {
        rules.removeAlias(id);
        flash.addFlashAttribute("flashSuccess", "Alias removed.");
        return REDIRECT;
    }

    @HtmxForm("rule-form")
    @PostMapping("/costs/allocation/rules")
    String addRule(@ModelAttribute("ruleForm") RuleForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> rules.addSharedRule(form.toRequest())).map(rule -> {
            flash.addFlashAttribute("flashSuccess", "Shared rule " + rule.name() + " added.");
            return REDIRECT;
        }).orElseGet(() -> afterErrors(model));
    }

    @PostMapping("/costs/allocation/rules/{id}/delete")
    String removeRule(@PathVariable long id, RedirectAttributes flash) {
        rules.removeSharedRule(id);
        flash.addFlashAttribute("flashSuccess", "Shared rule removed.");
        return REDIRECT;
    }

    /** The latest recomputation's progress, polled while it runs. */
    @GetMapping("/costs/allocation/recomputation")
    String recomputation(Model model) {
        model.addAttribute("recomputation", recomputations.latest());
        return "cost/allocation :: recomputation";
    }

    private String afterErrors(Model model) {
        AllocationSettings settings = rules.settings();
        if (!model.containsAttribute("keysForm")) {
            model.addAttribute("keysForm", KeysForm.of(settings.keys()));
        }
        if (!model.containsAttribute("aliasForm")) {
            model.addAttribute("aliasForm", new AliasForm());
        }
        if (!model.containsAttribute("ruleForm")) {
            model.addAttribute("ruleForm", new RuleForm());
        }
        return page(model, settings);
    }

    private String page(Model model, AllocationSettings settings) {
        model.addAttribute("settings", settings);
        model.addAttribute("dimensions", DIMENSIONS);
        model.addAttribute("methods", METHODS);
        model.addAttribute("recomputation", recomputations.latest());
        return "cost/allocation";
    }
}
