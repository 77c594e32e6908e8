package dev.slipway.cost.api;

import dev.slipway.cost.BudgetRequest;
import dev.slipway.cost.BudgetView;
import dev.slipway.cost.Budgets;
import dev.slipway.cost.CostAlertView;
import dev.slipway.cost.CostAlerts;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Budgets and alerts", description = "Monthly budgets per team or project; budget and anomaly alerts")
@ApiErrorResponses
@RequiredArgsConstructor
class BudgetApiController {

    private final Budgets budgets;
    private final CostAlerts alerts;

    @GetMapping(path = "/api/v1/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Budgets with this month's actual spend and month-end forecast (scope costs:read)")
    List<BudgetView> list() {
        return budgets.list();
    }

    @GetMapping(path = "/api/v1/budgets/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "One budget with its standing")
    BudgetView get(@PathVariable long id) {
        return budgets.get(id);
    }

    @PostMapping(path = "/api/v1/budgets", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created")
    @Operation(summary = "Set a monthly budget (scope costs:write)",
            description = "`scopeType` team or project, `scope` its slug, `currency` (ISO 4217), `monthlyAmount`, "
                    + "`actualThresholds` (percent of the budget spent, default [80]) and `forecastThresholds` "
                    + "(percent the month-end forecast reaches, default [100]). Each threshold alerts once a month.")
    ResponseEntity<BudgetView> create(@RequestBody BudgetRequest request) {
        BudgetView created = budgets.create(request);
        return ResponseEntity.created(URI.create("/api/v1/budgets/" + created.id())).body(created);
    }

    @PutMapping(path = "/api/v1/budgets/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "Saved")
    @Operation(summary = "Change a budget's amount or thresholds")
    BudgetView update(@PathVariable long id, @RequestBody BudgetRequest request) {
        return budgets.update(id, request);
    }

    @DeleteMapping("/api/v1/budgets/{id}")
    @ApiResponse(responseCode = "204", description = "Deleted, with its alerts")
    @Operation(summary = "Delete a budget")
    ResponseEntity<Void> delete(@PathVariable long id) {
        budgets.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/api/v1/cost-alerts", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Budget and anomaly alerts, newest first (scope costs:read)")
    List<CostAlertView> alerts(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 200) {
            throw new InvalidInputException("limit", "must be between 1 and 200");
        }
        return alerts.recent(limit);
    }
}
