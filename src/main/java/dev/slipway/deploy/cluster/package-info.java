@NullMarked
package dev.slipway.deploy.cluster;

import org.jspecify.annotations.NullMarked;
