/**
 * The portal's layout, error pages and home page: per role, panels read through the other modules' facades.
 */
@ApplicationModule(allowedDependencies = {"access", "audit", "catalog", "cost", "deploy", "identity", "shared"})
package dev.slipway.web;

import org.springframework.modulith.ApplicationModule;
