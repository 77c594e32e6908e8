@NullMarked
package dev.slipway.deploy.web;

import org.jspecify.annotations.NullMarked;
