package dev.slipway.deploy.cluster;

import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAME;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.NAMESPACE;
import static io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor.PLURAL;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox store's objects by resource, namespace and name, kept beside fabric8's map, whose only way to find
 * an object is to match a request's attributes against every stored object's. Answers are the same as that scan's:
 * candidates are still checked with {@link AttributeSet#matches}, and each resource's objects keep the order of
 * fabric8's map (an updated object moves to the end), so lists come out in the same order.
 */
final class StoreIndex {

    private record ObjectName(@Nullable String plural, @Nullable String namespace, @Nullable String name) {
    }

    private final Map<ObjectName, List<Map.Entry<AttributeSet, String>>> byName = new HashMap<>();
    private final Map<String, Map<AttributeSet, String>> byPlural = new HashMap<>();

    /** Whether {@link #find} and {@link #list} can answer {@code query}; a query naming no resource cannot. */
    static boolean answers(AttributeSet query) {
        return value(query, PLURAL) != null;
    }

    synchronized void put(AttributeSet key, String json) {
        String plural = value(key, PLURAL);
        if (plural == null) {
            return;
        }
        byName.computeIfAbsent(name(key, plural), name -> new ArrayList<>(1)).add(Map.entry(key, json));
        byPlural.computeIfAbsent(plural, p -> new LinkedHashMap<>()).put(key, json);
    }

    synchronized void remove(AttributeSet key) {
        String plural = value(key, PLURAL);
        if (plural == null) {
            return;
        }
        ObjectName name = name(key, plural);
        List<Map.Entry<AttributeSet, String>> entries = byName.get(name);
        if (entries != null) {
            entries.removeIf(entry -> entry.getKey().equals(key));
            if (entries.isEmpty()) {
                byName.remove(name);
            }
        }
        Map<AttributeSet, String> objects = byPlural.get(plural);
        if (objects != null) {
            objects.remove(key);
        }
    }

    /** The first stored object {@code query} matches, or null; {@code query} must be one {@link #answers}. */
    synchronized Map.@Nullable Entry<AttributeSet, String> find(AttributeSet query) {
        String plural = value(query, PLURAL);
        if (query.containsKey(NAME) && query.containsKey(NAMESPACE)) {
            for (Map.Entry<AttributeSet, String> entry : byName.getOrDefault(name(query, plural), List.of())) {
                if (entry.getKey().matches(query)) {
                    return entry;
                }
            }
            return null;
        }
        // Without a namespace fabric8 matches the name in any namespace: rare enough to look through the resource.
        for (Map.Entry<AttributeSet, String> entry : byPlural.getOrDefault(plural, Map.of()).entrySet()) {
            if (entry.getKey().matches(query)) {
                return Map.entry(entry.getKey(), entry.getValue());
            }
        }
        return null;
    }

    /** Every stored object {@code query} matches; {@code query} must be one {@link #answers}. */
    synchronized List<String> list(AttributeSet query) {
        List<String> items = new ArrayList<>();
        for (Map.Entry<AttributeSet, String> entry : byPlural.getOrDefault(value(query, PLURAL), Map.of()).entrySet()) {
            if (entry.getKey().matches(query)) {
                items.add(entry.getValue());
            }
        }
        return items;
    }

    private static ObjectName name(AttributeSet attributes, @Nullable String plural) {
        return new ObjectName(plural, value(attributes, NAMESPACE), value(attributes, NAME));
    }

    private static @Nullable String value(AttributeSet attributes, String key) {
        Attribute attribute = attributes.getAttribute(key);
        return attribute == null || attribute.getValues().isEmpty() ? null
                : attribute.getValues().get(0).toString();
    }
}
