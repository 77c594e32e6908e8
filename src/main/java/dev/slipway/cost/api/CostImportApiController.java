package dev.slipway.cost.api;

import dev.slipway.cost.CostImportRefused;
import dev.slipway.cost.CostImportView;
import dev.slipway.cost.CostImports;
import dev.slipway.cost.UploadedCostFile;
import dev.slipway.shared.ApiErrorResponses;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.PageBody;
import dev.slipway.shared.PageParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lombok.RequiredArgsConstructor;
import org.springframework.data.domain.Pageable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Cost imports", description = "Cloud bills in FOCUS 1.0–1.3 or AWS CUR, plain or gzip")
@ApiErrorResponses
@RequiredArgsConstructor
class CostImportApiController {

    private final CostImports imports;

    @PostMapping(path = "/api/v1/cost-imports", consumes = {"text/csv", "application/gzip", "application/x-gzip",
        MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @ApiResponse(responseCode = "201", description = "Imported and committed; the body is the import's report")
    @ApiResponse(responseCode = "202", description = "Accepted (with Prefer: respond-async); poll Location")
    @Operation(summary = "Import one bill file (scope costs:write)",
            description = "The body is the file: FOCUS 1.0–1.3 or AWS CUR CSV, plain or gzip (detected from its "
                    + "bytes). It replaces whatever earlier imports held for the same billing accounts and periods. "
                    + "A file with problems changes nothing: the answer is 400 with `problems` (line and reason, the "
                    + "first 100) and `problemCount`. Name the file with `?name=`. Send `Prefer: respond-async` to "
                    + "get 202 at once and follow the import at its `Location`.")
    ResponseEntity<CostImportView> importBody(HttpServletRequest request, @RequestParam(required = false) String name,
            @RequestHeader(name = "Prefer", required = false) String prefer) {
        try {
            return answer(List.of(CostImports.spool(name, request.getInputStream())), prefer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PostMapping(path = "/api/v1/cost-imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ApiResponse(responseCode = "201", description = "Imported and committed")
    @Operation(summary = "Import an export split into several files, as one import (scope costs:write)",
            description = "Each part named `files` is one file; all are checked, then loaded and committed together.")
    ResponseEntity<CostImportView> importParts(@RequestPart("files") List<MultipartFile> files,
            @RequestHeader(name = "Prefer", required = false) String prefer) {
        var spooled = new ArrayList<UploadedCostFile>();
        for (MultipartFile file : files) {
            if (file.isEmpty()) {
                continue;
            }
            try (var in = file.getInputStream()) {
                spooled.add(CostImports.spool(file.getOriginalFilename(), in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (spooled.isEmpty()) {
            throw new InvalidInputException("files", "attach at least one non-empty file");
        }
        return answer(spooled, prefer);
    }

    private ResponseEntity<CostImportView> answer(List<UploadedCostFile> files, String prefer) {
        if (prefer != null && prefer.toLowerCase(Locale.ROOT).contains("respond-async")) {
            CostImportView started = imports.start(files);
            return ResponseEntity.accepted().location(location(started)).header("Preference-Applied", "respond-async")
                    .body(started);
        }
        CostImportView done = imports.importNow(files);
        return ResponseEntity.created(location(done)).body(done);
    }

    @GetMapping("/api/v1/cost-imports")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "The history of imports, newest first (scope costs:read)")
    @PageParameters
    PageBody<CostImportView> list(Pageable page) {
        return PageBody.of(imports.list(page));
    }

    @GetMapping("/api/v1/cost-imports/{id}")
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "One import: its state and progress while it runs, its report once it ended")
    CostImportView get(@PathVariable long id) {
        return imports.get(id);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(CostImportRefused e) {
        CostImportView report = e.report();
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage()
                + ". Fix the lines listed and import the file again.");
        problem.setTitle("Cost file refused");
        problem.setProperty("importId", report.id());
        problem.setProperty("problemCount", report.problemCount());
        problem.setProperty("problems", report.problems());
        problem.setProperty("warnings", report.warnings());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static URI location(CostImportView view) {
        return URI.create("/api/v1/cost-imports/" + view.id());
    }
}
