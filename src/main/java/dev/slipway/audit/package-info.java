/**
 * The tamper-evident audit trail: it records what the other modules publish, verifies the hash chain, searches and
 * exports.
 */
@ApplicationModule(allowedDependencies = {"access", "catalog", "cost", "deploy", "identity", "notify", "shared"})
@NullMarked
package dev.slipway.audit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
