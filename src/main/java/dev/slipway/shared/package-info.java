/**
 * Shared plumbing every module may use: problem details, paging, validation, the clock, the database's supervision.
 * It knows no module.
 */
@ApplicationModule(allowedDependencies = {})
package dev.slipway.shared;

import org.springframework.modulith.ApplicationModule;
