/**
 * The tamper-evident audit trail: it records what the other modules publish, verifies the hash chain, searches and
 * exports.
 */
@ApplicationModule(allowedDependencies = {"access", "catalog", "cost", "deploy", "identity", "notify", "shared"})
package dev.slipway.audit;

import org.springframework.modulith.ApplicationModule;
