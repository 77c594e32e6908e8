package dev.slipway.testsupport;

import java.lang.reflect.Field;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives a browser test class one Chromium, pointed at its Spring test server: fills the class's
 * {@link Browser} field, and closes the browser after the class's last test.
 */
public final class BrowserExtension implements TestInstancePostProcessor, AfterAllCallback {

    private static final ExtensionContext.Namespace BROWSERS = ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext context) throws IllegalAccessException {
        Browser browser = context.getRoot().getStore(BROWSERS).computeIfAbsent(context.getRequiredTestClass(),
                testClass -> new Browser(SpringExtension.getApplicationContext(context).getEnvironment()
                        .getRequiredProperty("local.server.port", Integer.class)), Browser.class);
        for (Field field : instance.getClass().getDeclaredFields()) {
            if (field.getType() == Browser.class) {
                field.setAccessible(true);
                field.set(instance, browser);
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Browser browser = context.getRoot().getStore(BROWSERS).remove(context.getRequiredTestClass(), Browser.class);
        if (browser != null) {
            browser.close();
        }
    }
}
