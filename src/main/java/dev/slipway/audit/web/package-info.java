@NullMarked
package dev.slipway.audit.web;

import org.jspecify.annotations.NullMarked;
