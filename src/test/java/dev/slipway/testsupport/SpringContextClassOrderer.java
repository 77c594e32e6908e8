package dev.slipway.testsupport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.test.context.BootstrapUtils;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Runs the test classes that share a Spring context one after another: classes without a context first, then each
 * context's classes together, contexts in the order their first class comes by name. With the context cache holding
 * one context (see {@code spring.properties}), each context is closed once its classes are done, so the run never
 * keeps twenty Slipways polling in the background, and none is started twice.
 */
public class SpringContextClassOrderer implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        List<? extends ClassDescriptor> byName = new ArrayList<>(context.getClassDescriptors());
        byName.sort(Comparator.comparing(descriptor -> descriptor.getTestClass().getName()));
        List<MergedContextConfiguration> contexts = new ArrayList<>();
        Map<Class<?>, Integer> group = new HashMap<>();
        for (ClassDescriptor descriptor : byName) {
            Class<?> testClass = descriptor.getTestClass();
            group.put(testClass, springContextOf(descriptor).map(configuration -> {
                int index = contexts.indexOf(configuration);
                if (index < 0) {
                    contexts.add(configuration);
                    index = contexts.size() - 1;
                }
                return index + 1;
            }).orElse(0));
        }
        context.getClassDescriptors().sort(Comparator.<ClassDescriptor>comparingInt(d -> group.get(d.getTestClass()))
                .thenComparing(d -> d.getTestClass().getName()));
    }

    private static Optional<MergedContextConfiguration> springContextOf(ClassDescriptor descriptor) {
        boolean spring = descriptor.findRepeatableAnnotations(ExtendWith.class)
                .stream().anyMatch(extension -> List.of(extension.value()).contains(SpringExtension.class));
        if (!spring) {
            return Optional.empty();
        }
        return Optional.of(BootstrapUtils.resolveTestContextBootstrapper(descriptor.getTestClass())
                .buildMergedContextConfiguration());
    }
}
