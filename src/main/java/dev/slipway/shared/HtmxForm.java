package dev.slipway.shared;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the portal handler of a form that htmx may post, and names the form's fragment of the page. The handler
 * answers as to a form posted plainly; when htmx posted it, {@link HtmxFormAnswers} turns that answer into htmx's.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface HtmxForm {

    /** The fragment of the page that holds the form, sent back alone when the form has errors. */
    String value();
}
