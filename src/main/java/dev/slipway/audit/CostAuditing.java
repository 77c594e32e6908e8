package dev.slipway.audit;

import dev.slipway.cost.AllocationKeys;
import dev.slipway.cost.AllocationKeysChanged;
import dev.slipway.cost.BudgetCreated;
import dev.slipway.cost.BudgetDeleted;
import dev.slipway.cost.BudgetUpdated;
import dev.slipway.cost.CostAlertRaised;
import dev.slipway.cost.CostAlertsChecked;
import dev.slipway.cost.CostImportFailed;
import dev.slipway.cost.CostImported;
import dev.slipway.cost.RecomputationRequested;
import dev.slipway.cost.SharedRuleAdded;
import dev.slipway.cost.SharedRuleRemoved;
import dev.slipway.cost.TagAliasAdded;
import dev.slipway.cost.TagAliasRemoved;
import java.util.Map;
import java.util.TreeMap;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the cost module's events (imports, budgets, allocation rules, alerts) into audit entries, in the transaction
 * of the change.
 */
@Component
@RequiredArgsConstructor
class CostAuditing {

    private final AuditRecorder recorder;

    @EventListener
    void on(CostImported imported) {
        recorder.success(CostImported.NAME, "cost-import", String.valueOf(imported.importId()),
                Map.of("files", new Object[] {null, String.join(", ", imported.files())}));
    }

    @EventListener
    void on(CostImportFailed failed) {
        recorder.failed(CostImported.NAME, "cost-import", String.valueOf(failed.importId()), failed.reason());
    }

    @EventListener
    void on(BudgetCreated created) {
        recorder.success(BudgetCreated.NAME, "cost-budget", String.valueOf(created.budget().id()),
                Map.of("budget", new Object[] {null, created.budget().describe()}));
    }

    @EventListener
    void on(BudgetUpdated updated) {
        recorder.success(BudgetUpdated.NAME, "cost-budget", String.valueOf(updated.after().id()),
                Map.of("budget", new Object[] {updated.before().describe(), updated.after().describe()}));
    }

    @EventListener
    void on(BudgetDeleted deleted) {
        recorder.success(BudgetDeleted.NAME, "cost-budget", String.valueOf(deleted.budget().id()),
                Map.of("budget", new Object[] {deleted.budget().describe(), null}));
    }

    @EventListener
    void on(AllocationKeysChanged changed) {
        var changes = new TreeMap<String, Object[]>();
        for (String dimension : AllocationKeys.DIMENSIONS) {
            var before = changed.before().of(dimension);
            var after = changed.after().of(dimension);
            if (!before.equals(after)) {
                changes.put(dimension, new Object[] {String.join(", ", before), String.join(", ", after)});
            }
        }
        recorder.success(AllocationKeysChanged.NAME, "cost-allocation", "keys", changes);
    }

    @EventListener
    void on(TagAliasAdded added) {
        recorder.success(TagAliasAdded.NAME, "cost-alias", String.valueOf(added.alias().id()),
                Map.of("alias", new Object[] {null, added.alias().describe()}));
    }

    @EventListener
    void on(TagAliasRemoved removed) {
        recorder.success(TagAliasRemoved.NAME, "cost-alias", String.valueOf(removed.alias().id()),
                Map.of("alias", new Object[] {removed.alias().describe(), null}));
    }

    @EventListener
    void on(SharedRuleAdded added) {
        recorder.success(SharedRuleAdded.NAME, "cost-shared-rule", String.valueOf(added.rule().id()),
                Map.of("rule", new Object[] {null, added.rule().describe()}));
    }

    @EventListener
    void on(SharedRuleRemoved removed) {
        recorder.success(SharedRuleRemoved.NAME, "cost-shared-rule", String.valueOf(removed.rule().id()),
                Map.of("rule", new Object[] {removed.rule().describe(), null}));
    }

    @EventListener
    void on(RecomputationRequested requested) {
        recorder.success(RecomputationRequested.NAME, "cost-recomputation", String.valueOf(requested.recomputationId()));
    }

    @EventListener
    void on(CostAlertsChecked checked) {
        recorder.record(new AuditEntry(CostAlertsChecked.NAME, "cost-alert", null, AuditEntry.Outcome.SUCCESS,
                checked.raised() + " new alert(s)", Map.of()));
    }

    @EventListener
    void on(CostAlertRaised raised) {
        recorder.record(new AuditEntry(raised.name(), "cost-alert", String.valueOf(raised.alert().id()),
                AuditEntry.Outcome.SUCCESS, raised.alert().message(), Map.of()));
    }
}
