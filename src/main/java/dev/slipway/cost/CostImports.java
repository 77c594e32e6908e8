package dev.slipway.cost;

import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ScheduledJobs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.stereotype.Component;

/**
 * Importing bill files (finance and administrators): FOCUS 1.0–1.3 or AWS CUR, plain or gzip,
 * several files as one import. An import replaces what earlier ones held for the same billing
 * accounts and periods; a refused file changes nothing.
 */
@Component
public class CostImports implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(CostImports.class);

    private final CostImporter importer;
    private final ImportHistory history;
    private final AccessPolicy access;
    private final ApplicationEventPublisher events;
    private final TaskExecutor executor;
    private final CostProperties properties;
    private final Clock clock;
    private final ScheduledJobs jobs;

    CostImports(CostImporter importer, ImportHistory history, AccessPolicy access, ApplicationEventPublisher events,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor, CostProperties properties,
            Clock clock, ScheduledJobs jobs) {
        this.importer = importer;
        this.history = history;
        this.access = access;
        this.events = events;
        this.executor = executor;
        this.properties = properties;
        this.clock = clock;
        this.jobs = jobs;
    }

    /** Copies an upload to a temporary file, so it can be read twice and outlive the request. */
    public static UploadedCostFile spool(@Nullable String name, InputStream body) {
        try {
            Path file = Files.createTempFile("slipway-cost-", ".upload");
            long size = Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            // The name is kept in the import's history (jsonb), which holds no NUL.
            return new UploadedCostFile(name == null || name.isBlank() ? "upload.csv" : name.replace('\u0000', '\ufffd'),
                    file, size);
        } catch (IOException e) {
            throw new UncheckedIOException("The upload could not be stored: " + e.getMessage(), e);
        }
    }

    /** Imports the files and answers once they are committed; a refused import throws with its report. */
    public CostImportView importNow(List<UploadedCostFile> files) {
        access.require(Permission.COSTS_WRITE, null, CostImported.NAME, "cost-import", null);
        long id = history.start(files, access.current().username());
        run(id, files);
        CostImportView result = history.get(id);
        if (result.state() != CostImportState.COMMITTED) {
            throw new CostImportRefused(result);
        }
        return result;
    }

    /** Starts the import in the background and answers at once; follow it with {@link #get}. */
    public CostImportView start(List<UploadedCostFile> files) {
        access.require(Permission.COSTS_WRITE, null, CostImported.NAME, "cost-import", null);
        long id = history.start(files, access.current().username());
        executor.execute(new DelegatingSecurityContextRunnable(() -> run(id, files)));
        return history.get(id);
    }

    public CostImportView get(long id) {
        access.require(Permission.COSTS_READ, null, "cost-import.read", "cost-import", String.valueOf(id));
        return history.get(id);
    }

    public Page<CostImportView> list(Pageable page) {
        access.require(Permission.COSTS_READ, null, "cost-import.list", "cost-import", null);
        return history.list(page);
    }

    private void run(long id, List<UploadedCostFile> files) {
        try {
            var result = importer.run(id, files, () -> events.publishEvent(new CostImported(id, names(files))));
            if (!result.committed()) {
                events.publishEvent(new CostImportFailed(id, result.report().problemCount() + " problem(s) in "
                        + String.join(", ", names(files)) + "; nothing was imported"));
            }
        } catch (RuntimeException e) {
            log.warn("Cost import {} failed", id, e);
            var report = new ImportReport();
            report.problem(0, "The import stopped: " + e.getMessage() + ". Nothing of it was kept; import the files again.");
            history.failed(id, new ImportPlan(), report);
            events.publishEvent(new CostImportFailed(id, e.getMessage()));
        } finally {
            files.forEach(file -> file.path().toFile().delete());
        }
    }

    private static List<String> names(List<UploadedCostFile> files) {
        return files.stream().map(UploadedCostFile::name).toList();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(jobs.onceAcrossReplicas("cost-lost-imports", this::failLostImports,
                properties.lostImportCheck(),
                Duration.ofSeconds(10)));
    }

    /** An import whose process stopped leaves a RUNNING row with a stale heartbeat: say it failed. */
    void failLostImports() {
        int lost = history.failLost(clock.instant().minus(properties.importLostAfter()));
        if (lost > 0) {
            log.info("Marked {} cost import(s) as failed: their process stopped", lost);
        }
    }
}
