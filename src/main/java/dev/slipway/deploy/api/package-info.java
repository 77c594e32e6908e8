@NullMarked
package dev.slipway.deploy.api;

import org.jspecify.annotations.NullMarked;
