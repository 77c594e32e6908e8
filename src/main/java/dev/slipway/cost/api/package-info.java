@NullMarked
package dev.slipway.cost.api;

import org.jspecify.annotations.NullMarked;
