/**
 * Shared plumbing every module may use: problem details, paging, validation, the clock, the database's supervision.
 * It knows no module.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.slipway.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
