/**
 * Outgoing webhooks: notices of what the other modules publish, delivered from an outbox with retries.
 */
@ApplicationModule(allowedDependencies = {"access", "cost", "deploy", "identity", "shared"})
@NullMarked
package dev.slipway.notify;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
