/**
 * The portal's layout, error pages and home page: per role, panels read through the other modules' facades.
 */
@ApplicationModule(allowedDependencies = {"access", "audit", "catalog", "cost", "deploy", "identity", "shared"})
@NullMarked
package dev.slipway.web;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
