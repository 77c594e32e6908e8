package dev.slipway.access;

import java.util.List;

/** What a grant or request as shown covers, and that said for people. */
public interface ScopeDescription {

    List<GrantAction> actions();

    String team();

    /** Null when it covers every service of {@link #team()}. */
    List<String> services();

    List<String> environments();

    /** "checkout-api, payments-api" or "every service of payments", for people. */
    default String scopeText() {
        return AccessScope.servicesText(team(), services());
    }

    default String actionsText() {
        return AccessScope.actionsText(actions());
    }

    default String describe() {
        return AccessScope.describe(actions(), team(), services(), environments());
    }
}
