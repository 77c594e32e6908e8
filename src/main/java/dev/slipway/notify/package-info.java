/**
 * Outgoing webhooks: notices of what the other modules publish, delivered from an outbox with retries.
 */
@ApplicationModule(allowedDependencies = {"access", "cost", "deploy", "identity", "shared"})
package dev.slipway.notify;

import org.springframework.modulith.ApplicationModule;
