/**
 * Releases and deployments: the queue, the runner that applies to Kubernetes and follows rollouts, freezes, drift.
 * It reports running workloads to cost through cost's port.
 */
@ApplicationModule(allowedDependencies = {"access", "catalog", "cost", "identity", "shared"})
@NullMarked
package dev.slipway.deploy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
