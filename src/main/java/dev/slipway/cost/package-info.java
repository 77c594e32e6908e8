/**
 * Cloud bills (FOCUS, CUR): import, allocation to teams, projects and services, reports, budgets and alerts.
 */
@ApplicationModule(allowedDependencies = {"catalog", "identity", "shared"})
package dev.slipway.cost;

import org.springframework.modulith.ApplicationModule;
