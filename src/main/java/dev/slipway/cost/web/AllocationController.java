package dev.slipway.cost.web;

import dev.slipway.cost.AllocationKeys;
import dev.slipway.cost.AllocationRules;
import dev.slipway.cost.AllocationSettings;
import dev.slipway.cost.Recomputations;
import dev.slipway.cost.web.AllocationForms.AliasForm;
import dev.slipway.cost.web.AllocationForms.KeysForm;
import dev.slipway.cost.web.AllocationForms.RuleForm;
import dev.slipway.cost.web.CostReportController.Option;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.PortalRedirect;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.util.List;
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
class AllocationController {

    static final List<Option> DIMENSIONS = AllocationKeys.DIMENSIONS.stream()
            .map(d -> new Option(d, d.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + d.substring(1))).toList();
    static final List<Option> METHODS = List.of(new Option("PROPORTIONAL", "Proportional to each team's direct spend"),
            new Option("FIXED", "Fixed percentages"));

    private final AllocationRules rules;
    private final Recomputations recomputations;

    AllocationController(AllocationRules rules, Recomputations recomputations) {
        this.rules = rules;
        this.recomputations = recomputations;
    }

    @GetMapping("/costs/allocation")
    String page(Model model) {
        AllocationSettings settings = rules.settings();
        model.addAttribute("keysForm", KeysForm.of(settings.keys()));
        model.addAttribute("aliasForm", new AliasForm());
        model.addAttribute("ruleForm", new RuleForm());
        return page(model, settings);
    }

    @PostMapping("/costs/allocation/keys")
    String saveKeys(@ModelAttribute("keysForm") KeysForm form, BindingResult binding, HtmxRequest htmx, Model model,
            RedirectAttributes flash) {
        try {
            rules.updateKeys(form.toKeys());
            flash.addFlashAttribute("flashSuccess", "Tag keys saved. The reports are being recomputed with them.");
            return PortalRedirect.to(htmx, "/costs/allocation");
        } catch (InvalidInputException e) {
            FormErrors.reject(binding, e.errors());
        }
        return afterErrors(model, htmx, "keys-form");
    }

    @PostMapping("/costs/allocation/aliases")
    String addAlias(@ModelAttribute("aliasForm") AliasForm form, BindingResult binding, HtmxRequest htmx, Model model,
            RedirectAttributes flash) {
        try {
            var alias = rules.addAlias(form.getDimension(), form.getTagValue(), form.getTarget());
            flash.addFlashAttribute("flashSuccess", "Alias added: " + alias.dimension() + " tag value '"
                    + alias.tagValue() + "' now counts as " + alias.target() + ".");
            return PortalRedirect.to(htmx, "/costs/allocation");
        } catch (InvalidInputException e) {
            FormErrors.reject(binding, e.errors());
        } catch (ConflictException e) {
            FormErrors.reject(binding, e);
        }
        return afterErrors(model, htmx, "alias-form");
    }

    @PostMapping("/costs/allocation/aliases/{id}/delete")
    String removeAlias(@PathVariable long id, HtmxRequest htmx, RedirectAttributes flash) {
        rules.removeAlias(id);
        flash.addFlashAttribute("flashSuccess", "Alias removed.");
        return PortalRedirect.to(htmx, "/costs/allocation");
    }

    @PostMapping("/costs/allocation/rules")
    String addRule(@ModelAttribute("ruleForm") RuleForm form, BindingResult binding, HtmxRequest htmx, Model model,
            RedirectAttributes flash) {
        try {
            var rule = rules.addSharedRule(form.toRequest());
            flash.addFlashAttribute("flashSuccess", "Shared rule " + rule.name() + " added.");
            return PortalRedirect.to(htmx, "/costs/allocation");
        } catch (InvalidInputException e) {
            FormErrors.reject(binding, e.errors());
        } catch (ConflictException e) {
            FormErrors.reject(binding, e);
        }
        return afterErrors(model, htmx, "rule-form");
    }

    @PostMapping("/costs/allocation/rules/{id}/delete")
    String removeRule(@PathVariable long id, HtmxRequest htmx, RedirectAttributes flash) {
        rules.removeSharedRule(id);
        flash.addFlashAttribute("flashSuccess", "Shared rule removed.");
        return PortalRedirect.to(htmx, "/costs/allocation");
    }

    /** The latest recomputation's progress, polled while it runs. */
    @GetMapping("/costs/allocation/recomputation")
    String recomputation(Model model) {
        model.addAttribute("recomputation", recomputations.latest());
        return "cost/allocation :: recomputation";
    }

    private String afterErrors(Model model, HtmxRequest htmx, String fragment) {
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
        String page = page(model, settings);
        return htmx.isHtmxRequest() ? page + " :: " + fragment : page;
    }

    private String page(Model model, AllocationSettings settings) {
        model.addAttribute("settings", settings);
        model.addAttribute("dimensions", DIMENSIONS);
        model.addAttribute("methods", METHODS);
        model.addAttribute("recomputation", recomputations.latest());
        return "cost/allocation";
    }
}
