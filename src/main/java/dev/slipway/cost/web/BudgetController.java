package dev.slipway.cost.web;

import dev.slipway.cost.Budgets;
import dev.slipway.cost.CostAlerts;
import dev.slipway.cost.web.CostReportController.Option;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.HtmxForm;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Budgets with this month's standing, and the alerts they and the anomaly check raised. */
@Controller
@RequiredArgsConstructor
class BudgetController {

    static final List<Option> SCOPE_TYPES = List.of(new Option("team", "Team"), new Option("project", "Project"));
    private static final String REDIRECT = "redirect:/costs/budgets";

    private final Budgets budgets;
    private final CostAlerts alerts;
    private final AccessPolicy access;

    @GetMapping("/costs/budgets")
    String page(Model model) {
        model.addAttribute("form", new BudgetForm());
        return render(model);
    }

    @HtmxForm("budget-form")
    @PostMapping("/costs/budgets")
    String create(@ModelAttribute("form") BudgetForm form, BindingResult binding, Model model,
            RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> budgets.create(form.toRequest())).map(created -> {
            flash.addFlashAttribute("flashSuccess", "Budget set: " + created.monthlyAmount().toPlainString() + " "
                    + created.currency() + " a month for the " + created.scopeType().toLowerCase(Locale.ROOT)
                    + " " + created.scope() + ". Alerts are checked every few minutes.");
            return REDIRECT;
        }).orElseGet(() -> render(model));
    }

    @PostMapping("/costs/budgets/{id}/delete")
    String delete(@PathVariable long id, RedirectAttributes flash) {
        budgets.delete(id);
        flash.addFlashAttribute("flashSuccess", "Budget deleted, with its alerts.");
        return REDIRECT;
    }

    /** Checks budgets and anomalies at once instead of at the next scheduled check. */
    @PostMapping("/costs/budgets/check")
    String check(RedirectAttributes flash) {
        int raised = alerts.checkNow();
        flash.addFlashAttribute("flashSuccess", raised == 0 ? "Checked: no new alerts."
                : "Checked: " + raised + " new alert(s).");
        return REDIRECT;
    }

    private String render(Model model) {
        model.addAttribute("budgets", budgets.list());
        model.addAttribute("alerts", alerts.recent(20));
        model.addAttribute("scopeTypes", SCOPE_TYPES);
        model.addAttribute("mayEdit", access.can(Permission.COSTS_WRITE));
        return "cost/budgets";
    }
}
