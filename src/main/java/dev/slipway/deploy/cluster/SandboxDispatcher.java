package dev.slipway.deploy.cluster;

import static dev.slipway.deploy.cluster.ApiResponses.CONTENT_TYPE;
import static dev.slipway.deploy.cluster.ApiResponses.JSON;
import static dev.slipway.deploy.cluster.ApiResponses.json;
import static dev.slipway.deploy.cluster.ApiResponses.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.kubernetes.client.server.mock.crud.KubernetesCrudDispatcherHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fabric8's CRUD dispatcher with what a real API server has and it lacks: server-side apply, the status and
 * scale subresources of the built-in kinds, strategic merge patches (taken as merge patches), discovery
 * documents, watches over plain HTTP, and Kubernetes {@code Status} bodies on errors.
 *
 * <p>Changes are stored through the parent's own POST and PUT handlers, so the object store, resource versions,
 * generations and watch events stay the parent's; only status patches, the commonest write, are stored here
 * directly, as the PUT handler would store them. A patch is worked out here; writes are serialized, which makes
 * that read-patch-write atomic. Objects are found through a {@link StoreIndex} rather than the parent's scan.
 */
final class SandboxDispatcher extends KubernetesCrudDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SandboxDispatcher.class);

    private static final Set<String> HEALTH_CHECKS = Set.of("/healthz", "/livez", "/readyz");
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final Pattern NEW_POD = Pattern.compile("/api/v1/namespaces/[^/]+/pods/?");
    private static final Pattern POD_LOG = Pattern.compile("(/api/v1/namespaces/[^/]+/pods/[^/]+)/log");
    private static final Pattern EVENTS = Pattern.compile("/api/v1/(namespaces/[^/]+/)?events/?");
    private static final Pattern API_GROUP_VERSION = Pattern.compile("/apis(/[a-zA-Z0-9-_.]+)?/[a-zA-Z0-9-_]+");

    private final DiscoveryDocuments discovery = new DiscoveryDocuments(SandboxApiResources.ALL);
    private final Runnable forgetRecordedRequests;
    private final ReentrantLock writes = new ReentrantLock();
    private final ReadWriteLock parentLock;
    private final @Nullable StateJournal journal;
    private final StoreIndex index = new StoreIndex();
    /** The parent's resource version counter, which it keeps to itself, as lists report it. */
    private final AtomicLong resourceVersion = new AtomicLong();
    private boolean restoring;

    /**
     * @param forgetRecordedRequests drops the requests the web server keeps for test assertions, which would
     *     otherwise pile up for as long as the sandbox runs
     * @param journal where objects are kept across restarts, or null to keep them in memory only
     */
    SandboxDispatcher(Runnable forgetRecordedRequests, @Nullable StateJournal journal) {
        this.parentLock = parentLock();
        this.forgetRecordedRequests = forgetRecordedRequests;
        this.journal = journal;
        if (journal != null) {
            restore(journal);
        }
    }

    /**
     * The lock the parent holds around its own reads and writes of its map, which it keeps private. Changes stored
     * here without the parent's handlers take it too, so that a watch starting meanwhile never reads the map while
     * it changes.
     */
    private ReadWriteLock parentLock() {
        try {
            Field field = KubernetesCrudDispatcher.class.getDeclaredField("lock");
            field.setAccessible(true);
            return (ReadWriteLock) field.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this version of fabric8's CRUD dispatcher keeps its lock elsewhere", e);
        }
    }

    private void restore(StateJournal journal) {
        restoring = true;
        try {
            for (StateJournal.StoredObject object : journal.objects()) {
                store(object.path(), getKey(object.path()), null, null, object.json());
            }
        } finally {
            restoring = false;
        }
        // Resource versions go on from the last one stored, as clients resuming a watch expect.
        long last = journal.lastResourceVersion();
        while (requestResourceVersion() < last) {
            // the parent's counter can only be moved one step at a time
        }
    }

    /** Every change to the store passes here: the place to default new pods and to keep the journal. */
    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String objectPath = RequestPath.parse(path).path();
        if (objectPath.endsWith("/status")) {
            objectPath = objectPath.substring(0, objectPath.length() - "/status".length());
        }
        String state = oldAttributes == null && newState != null && NEW_POD.matcher(objectPath).matches()
                ? withPendingStatus(newState)
                : newState;
        String before = journal == null || state != null || oldAttributes == null ? null : getMap().get(oldAttributes);
        store(path, pathAttributes, oldAttributes, resource, state);
        if (journal != null && !restoring) {
            if (state != null) {
                journal.stored(objectPath, state);
            } else if (before != null) {
                journal.deleted(objectPath, before);
            }
        }
    }

    /**
     * Stores through the parent and keeps the index in step. The key is worked out here as the parent works it out,
     * and the parsed object handed on, so that the parent does not parse the new state a second time.
     */
    private void store(String path, AttributeSet pathAttributes, @Nullable AttributeSet oldAttributes,
            @Nullable GenericKubernetesResource resource, String newState) {
        AttributeSet newAttributes = null;
        if (newState != null) {
            if (resource == null) {
                resource = Serialization.unmarshal(newState, GenericKubernetesResource.class);
            }
            newAttributes = extractor().extract(resource);
            if (!newAttributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                newAttributes = AttributeSet.merge(pathAttributes, newAttributes);
            }
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (oldAttributes != null) {
            index.remove(oldAttributes);
        }
        if (newAttributes != null) {
            index.put(newAttributes, newState);
        }
    }

    @Override
    public long requestResourceVersion() {
        long next = super.requestResourceVersion();
        resourceVersion.accumulateAndGet(next, Math::max);
        return next;
    }

    @Override
    public Map.@Nullable Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        return StoreIndex.answers(attributes) ? index.find(attributes) : super.findResource(attributes);
    }

    /** Objects and lists come from the index; watches, and requests the index cannot answer, go to the parent. */
    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        int question = path.indexOf('?');
        boolean watch = question >= 0 && path.substring(question).contains("watch=true");
        if (watch || !StoreIndex.answers(query)) {
            return super.handleGet(path);
        }
        if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
            var found = index.find(query);
            return found == null ? new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND)
                    : new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
        }
        List<String> items = index.list(query);
        if (items.isEmpty() && API_GROUP_VERSION.matcher(path).matches()) {
            return super.handleGet(path); // the parent answers these with the resources of its custom resource definitions
        }
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(
                ((KubernetesResponseComposer) getResponseComposer()).compose(items, String.valueOf(resourceVersion.get())));
    }

    /** A real API server defaults a new pod's phase to Pending before anything has looked at it. */
    private static String withPendingStatus(String pod) {
        JsonNode tree = tree(pod);
        if (tree instanceof ObjectNode object && !object.path("status").has("phase")) {
            object.putObject("status").put("phase", "Pending").put("qosClass", "BestEffort");
            return object.toString();
        }
        return pod;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        forgetRecordedRequests.run();
        RequestPath target = RequestPath.parse(request.getPath());
        MockResponse response;
        try {
            response = route(request, target);
        } catch (ApiRequestException e) {
            response = status(e.code(), e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Sandbox cluster: failed to answer {} {}", request.getMethod(), request.getPath(), e);
            response = status(HttpURLConnection.HTTP_INTERNAL_ERROR, "InternalError", String.valueOf(e.getMessage()));
        }
        return ApiResponses.complete(response, () -> notFoundMessage(target));
    }

    @Override
    public boolean isStatusSubresourceEnabledForResource(String path) {
        return typeOf(path).map(type -> type.has(ApiResourceType.Subresource.STATUS))
                .orElseGet(() -> super.isStatusSubresourceEnabledForResource(path));
    }

    private MockResponse route(RecordedRequest request, RequestPath target) {
        HttpMethod method = request.method();
        if (target.path().endsWith("/scale")) {
            return scale(request, target);
        }
        if (method == HttpMethod.GET) {
            return read(request, target);
        }
        if (method == null || !WRITES.contains(method)) {
            throw new ApiRequestException(HttpURLConnection.HTTP_BAD_METHOD, "MethodNotAllowed",
                    "the server does not allow this method on the requested resource");
        }
        writes.lock();
        try {
            if (method == HttpMethod.PATCH) {
                return patch(request, target);
            }
            refuseDryRun(target);
            if (method == HttpMethod.DELETE) {
                return delete(request, target);
            }
            return super.dispatch(request);
        } finally {
            writes.unlock();
        }
    }

    private MockResponse read(RecordedRequest request, RequestPath target) {
        if (HEALTH_CHECKS.contains(target.path())) {
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setHeader(CONTENT_TYPE, "text/plain")
                    .setBody("ok");
        }
        Matcher log = POD_LOG.matcher(target.path());
        if (log.matches()) {
            return podLog(log.group(1), target);
        }
        String fieldSelector = target.query().get("fieldSelector");
        if (fieldSelector != null && fieldSelector.contains("involvedObject.") && EVENTS.matcher(target.path()).matches()
                && !PlainHttpWatch.isWatch(target)) {
            return eventsAbout(target.path(), fieldSelector);
        }
        var document = discovery.find(target.path());
        if (document.isPresent()) {
            return json(HttpURLConnection.HTTP_OK, document.get());
        }
        if (PlainHttpWatch.isWatch(target) && !isWebSocketUpgrade(request)) {
            MockResponse list = handleGet(PlainHttpWatch.listPath(target));
            if (list.code() != HttpURLConnection.HTTP_OK) {
                return list;
            }
            return json(HttpURLConnection.HTTP_OK, PlainHttpWatch.events(text(list), target.query().get("resourceVersion")))
                    .setBodyDelay(PlainHttpWatch.INTERVAL);
        }
        return super.dispatch(request);
    }

    private MockResponse podLog(String podPath, RequestPath target) {
        JsonNode pod = stored(podPath);
        if (pod == null) {
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
        }
        String tail = target.query().get("tailLines");
        String text = PodLogs.of(pod, target.query().get("container"), "true".equals(target.query().get("previous")),
                tail == null ? null : Integer.valueOf(tail));
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK)
                .setHeader(CONTENT_TYPE, "text/plain").setBody(text);
    }

    /**
     * Events about one object, as {@code kubectl describe} asks for them; fabric8's store selects by metadata
     * fields only, so the involved object is matched here.
     */
    private MockResponse eventsAbout(String path, String fieldSelector) {
        MockResponse list = handleGet(path);
        if (list.code() != HttpURLConnection.HTTP_OK) {
            return list;
        }
        Map<String, String> wanted = new HashMap<>();
        for (String requirement : fieldSelector.split(",")) {
            String[] pair = requirement.split("==?", 2);
            if (pair.length == 2) {
                wanted.put(pair[0].strip(), pair[1].strip());
            }
        }
        ObjectNode events = (ObjectNode) tree(text(list));
        var matching = JSON_MAPPER.createArrayNode();
        for (JsonNode event : events.path("items")) {
            boolean matches = wanted.entrySet().stream().allMatch(field -> {
                JsonNode value = event;
                for (String part : field.getKey().split("\\.")) {
                    value = value.path(part);
                }
                return field.getValue().equals(value.asText());
            });
            if (matches) {
                matching.add(event);
            }
        }
        events.set("items", matching);
        return json(HttpURLConnection.HTTP_OK, events.toString());
    }

    private MockResponse patch(RecordedRequest request, RequestPath target) {
        String mediaType = Patches.mediaType(request.getHeader(CONTENT_TYPE));
        boolean apply = Patches.APPLY_PATCH.equals(mediaType);
        if (!apply || target.isStatus()) {
            refuseDryRun(target);
        }
        String objectPath = target.isStatus() ? target.collection() : target.path();
        Map<String, String> parts = extractor().fromKubernetesPath(objectPath);
        if (parts.get(KubernetesAttributesExtractor.NAME) == null) {
            throw new ApiRequestException(HttpURLConnection.HTTP_BAD_METHOD, "MethodNotAllowed",
                    "a patch needs the URL of an object, not of a collection");
        }
        byte[] body = request.getBody().getBytes();
        JsonNode current = stored(objectPath);
        if (current == null) {
            if (!apply || target.isStatus()) {
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
            }
            return create(request, target, parts, Patches.applyConfiguration(body));
        }
        if (apply) {
            log.debug("Sandbox cluster: server-side apply to {} by field manager {}", target.path(),
                    target.query().get("fieldManager"));
        }
        JsonNode patched = Patches.apply(current, mediaType, body);
        if (target.isDryRun()) {
            return json(HttpURLConnection.HTTP_OK, wouldUpdate(objectPath, current, patched).toString());
        }
        requireSameResourceVersion(objectPath, current, patched);
        if (target.isStatus()) {
            return replaceStatus(target, current, patched);
        }
        return super.handleUpdate(copy(request, HttpMethod.PUT, target.path(), bytes(patched)));
    }

    /**
     * Stores a patch of the status subresource as the parent's PUT handler would (only the status changes, and the
     * resource version when it does), without its parsing the object four times and diffing it twice: status
     * patches are most of the simulator's writes.
     */
    private MockResponse replaceStatus(RequestPath target, JsonNode current, JsonNode patched) {
        ObjectNode updated = current.deepCopy();
        KubernetesCrudDispatcherHandler.setStatus(updated, patched.get(KubernetesCrudDispatcherHandler.STATUS));
        if (updated.equals(current)) {
            return json(HttpURLConnection.HTTP_OK, current.toString());
        }
        ((ObjectNode) updated.get("metadata")).put("resourceVersion", String.valueOf(requestResourceVersion()));
        String state = updated.toString();
        AttributeSet currentKey = Objects.requireNonNull(findResource(getKey(target.collection()))).getKey();
        Lock parentWrites = parentLock.writeLock();
        parentWrites.lock();
        try {
            processEvent(target.path(), getKey(target.path()), currentKey, identity(updated), state);
        } finally {
            parentWrites.unlock();
        }
        return json(HttpURLConnection.HTTP_OK, state);
    }

    /** As much of an object as its store key is made of, so that storing it needs no second parse. */
    private static GenericKubernetesResource identity(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        var resource = new GenericKubernetesResource();
        resource.setApiVersion(object.path("apiVersion").asText(null));
        resource.setKind(object.path("kind").asText(null));
        var meta = new ObjectMeta();
        meta.setName(metadata.path("name").asText(null));
        meta.setNamespace(metadata.path("namespace").asText(null));
        if (metadata.has("labels")) {
            Map<String, String> labels = new LinkedHashMap<>();
            metadata.get("labels").fields().forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
            meta.setLabels(labels);
        }
        resource.setMetadata(meta);
        return resource;
    }

    /**
     * Deletes one object as the parent does (removed at once, or marked for deletion while finalizers remain), but
     * found through the index; the parent's PUT handler removes an object marked for deletion that has no finalizers.
     */
    private MockResponse delete(RecordedRequest request, RequestPath target) {
        AttributeSet query = getKey(request.getPath());
        if (!query.containsKey(KubernetesAttributesExtractor.NAME) || !StoreIndex.answers(query)) {
            return super.dispatch(request);
        }
        var current = index.find(query);
        if (current == null) {
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
        }
        var resource = Serialization.unmarshal(current.getValue(), GenericKubernetesResource.class);
        if (resource.getFinalizers().isEmpty() || !resource.isMarkedForDeletion()) {
            resource.getMetadata().setDeletionTimestamp(ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            super.handleUpdate(copy(request, HttpMethod.PUT, target.path(),
                    Serialization.asJson(resource).getBytes(StandardCharsets.UTF_8)));
        }
        return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(current.getValue());
    }

    private MockResponse create(RecordedRequest request, RequestPath target, Map<String, String> parts,
            ObjectNode configuration) {
        String name = parts.get(KubernetesAttributesExtractor.NAME);
        ObjectNode metadata = (ObjectNode) configuration.get("metadata");
        String appliedName = metadata.path("name").asText("");
        if (appliedName.isEmpty()) {
            metadata.put("name", name);
        } else if (!appliedName.equals(name)) {
            throw new ApiRequestException(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "the name of the object (" + appliedName + ") does not match the name on the URL (" + name + ")");
        }
        if (target.isDryRun()) {
            return json(HttpURLConnection.HTTP_CREATED, wouldCreate(target.path(), configuration, parts).toString());
        }
        return super.handleCreate(copy(request, HttpMethod.POST, target.collection(), bytes(configuration)));
    }

    private MockResponse scale(RecordedRequest request, RequestPath target) {
        String objectPath = target.collection();
        boolean scalable = typeOf(objectPath).map(type -> type.has(ApiResourceType.Subresource.SCALE)).orElse(false);
        if (!scalable) {
            return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
        }
        if (request.method() == HttpMethod.GET) {
            MockResponse object = handleGet(objectPath);
            return object.code() == HttpURLConnection.HTTP_OK
                    ? json(HttpURLConnection.HTTP_OK, ScaleSubresource.view(tree(text(object))).toString())
                    : object;
        }
        if (request.method() != HttpMethod.PUT && request.method() != HttpMethod.PATCH) {
            throw new ApiRequestException(HttpURLConnection.HTTP_BAD_METHOD, "MethodNotAllowed",
                    "the scale subresource can be read, replaced and patched");
        }
        writes.lock();
        try {
            refuseDryRun(target);
            JsonNode current = stored(objectPath);
            if (current == null) {
                return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
            }
            // A replaced Scale matters only for its replica count, so it is merged over the current view like a patch.
            String mediaType = request.method() == HttpMethod.PUT
                    ? Patches.MERGE_PATCH
                    : Patches.mediaType(request.getHeader(CONTENT_TYPE));
            ObjectNode view = ScaleSubresource.view(current);
            JsonNode scale = Patches.apply(view, mediaType, request.getBody().getBytes());
            requireSameResourceVersion(objectPath, view, scale);
            MockResponse updated = super.handleUpdate(
                    copy(request, HttpMethod.PUT, objectPath, bytes(ScaleSubresource.withReplicas(current, scale))));
            return updated.code() == HttpURLConnection.HTTP_OK
                    ? json(HttpURLConnection.HTTP_OK, ScaleSubresource.view(tree(text(updated))).toString())
                    : updated;
        } finally {
            writes.unlock();
        }
    }

    private ObjectNode wouldCreate(String path, ObjectNode configuration, Map<String, String> parts) {
        ObjectNode created = configuration.deepCopy();
        ObjectNode metadata = (ObjectNode) created.get("metadata");
        String namespace = parts.get(KubernetesAttributesExtractor.NAMESPACE);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("uid", UUID.randomUUID().toString());
        metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put("generation", 1);
        if (isStatusSubresourceEnabledForResource(path)) {
            created.remove("status");
        }
        return created;
    }

    private JsonNode wouldUpdate(String path, JsonNode current, JsonNode merged) {
        preserveMetadata(current, merged);
        if (isStatusSubresourceEnabledForResource(path)) {
            KubernetesCrudDispatcherHandler.setStatus(merged, current.get("status"));
        }
        touchGeneration(current, merged);
        return merged;
    }

    private @Nullable JsonNode stored(String objectPath) {
        var entry = findResource(getKey(objectPath));
        return entry == null ? null : tree(entry.getValue());
    }

    private Optional<ApiResourceType> typeOf(String path) {
        Map<String, String> parts = extractor().fromKubernetesPath(path);
        return SandboxApiResources.find(parts.get(KubernetesAttributesExtractor.API),
                parts.get(KubernetesAttributesExtractor.VERSION), parts.get(KubernetesAttributesExtractor.PLURAL));
    }

    private KubernetesAttributesExtractor extractor() {
        return (KubernetesAttributesExtractor) attributeExtractor;
    }

    private void requireSameResourceVersion(String objectPath, JsonNode current, JsonNode changed) {
        String expected = changed.path("metadata").path("resourceVersion").asText("");
        if (!expected.isEmpty() && !expected.equals(current.path("metadata").path("resourceVersion").asText())) {
            throw new ApiRequestException(HttpURLConnection.HTTP_CONFLICT, "Conflict", "Operation cannot be fulfilled on "
                    + describe(objectPath) + ": the object has been modified; please apply your changes to the latest "
                    + "version and try again");
        }
    }

    private static void refuseDryRun(RequestPath target) {
        if (target.isDryRun()) {
            throw new ApiRequestException(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest",
                    "the sandbox cluster supports dry runs only for server-side apply");
        }
    }

    private static boolean isWebSocketUpgrade(RecordedRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static RecordedRequest copy(RecordedRequest request, HttpMethod method, String path, byte[] body) {
        return new RecordedRequest(request.getHttpVersion(), method, path,
                request.getHeaders().newBuilder().set(CONTENT_TYPE, JSON).build(), new Buffer(body));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON_MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox cluster holds an unreadable object", e);
        }
    }

    private static String text(MockResponse response) {
        return new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String notFoundMessage(RequestPath target) {
        boolean subresource = target.isStatus() || target.path().endsWith("/scale");
        String objectPath = subresource ? target.collection() : target.path();
        return extractor().fromKubernetesPath(objectPath).containsKey(KubernetesAttributesExtractor.NAME)
                ? describe(objectPath) + " not found"
                : "the server could not find the requested resource";
    }

    /** An object as the API server names it in messages, such as {@code deployments.apps "shop"}. */
    private String describe(String objectPath) {
        Map<String, String> parts = extractor().fromKubernetesPath(objectPath);
        String group = parts.get(KubernetesAttributesExtractor.API);
        return parts.get(KubernetesAttributesExtractor.PLURAL) + (group == null ? "" : "." + group)
                + " \"" + parts.get(KubernetesAttributesExtractor.NAME) + "\"";
    }
}
