/**
 * Slipway's entry point; each module lives in a package of its own below this one.
 */
@NullMarked
package dev.slipway;

import org.jspecify.annotations.NullMarked;
