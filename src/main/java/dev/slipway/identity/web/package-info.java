@NullMarked
package dev.slipway.identity.web;

import org.jspecify.annotations.NullMarked;
