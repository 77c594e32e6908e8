package dev.slipway.cost;

/** A file broke FOCUS or CUR rules: nothing was imported; the import's report says where and why. */
public class CostImportRefused extends RuntimeException {

    private final transient CostImportView report;

    CostImportRefused(CostImportView report) {
        super(report.problemCount() + " problem(s) in " + String.join(", ", report.files())
                + "; nothing was imported");
        this.report = report;
    }

    public CostImportView report() {
        return report;
    }
}
