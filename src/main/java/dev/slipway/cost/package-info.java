/**
 * Cloud bills (FOCUS, CUR): import, allocation to teams, projects and services, reports, budgets and alerts.
 */
@ApplicationModule(allowedDependencies = {"catalog", "identity", "shared"})
@NullMarked
package dev.slipway.cost;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
