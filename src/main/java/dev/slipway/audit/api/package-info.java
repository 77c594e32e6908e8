@NullMarked
package dev.slipway.audit.api;

import org.jspecify.annotations.NullMarked;
