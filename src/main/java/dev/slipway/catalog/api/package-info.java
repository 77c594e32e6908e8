@NullMarked
package dev.slipway.catalog.api;

import org.jspecify.annotations.NullMarked;
