package dev.slipway.cost.web;

import dev.slipway.cost.CostImportView;
import dev.slipway.cost.CostImported;
import dev.slipway.cost.CostImports;
import dev.slipway.cost.UploadedCostFile;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.HtmxForm;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Finance uploads bill files and follows each import until its report, or its problems, show. */
@Controller
@RequiredArgsConstructor
class CostImportController {

    private final CostImports imports;
    private final AccessPolicy access;

    @GetMapping("/costs/imports")
    String list(Pageable page, Model model) {
        model.addAttribute("imports", imports.list(page));
        model.addAttribute("mayImport", access.can(Permission.COSTS_WRITE));
        return "cost/imports";
    }

    @HtmxForm("upload-form")
    @PostMapping("/costs/imports")
    String upload(@RequestParam(name = "files", required = false) List<MultipartFile> files, Model model)
            throws IOException {
        access.require(Permission.COSTS_WRITE, null, CostImported.NAME, "cost-import", null);
        var spooled = new ArrayList<UploadedCostFile>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            if (file.isEmpty() && (file.getOriginalFilename() == null || file.getOriginalFilename().isBlank())) {
                continue;
            }
            try (InputStream in = file.getInputStream()) {
                spooled.add(CostImports.spool(file.getOriginalFilename(), in));
            }
        }
        if (spooled.isEmpty()) {
            model.addAttribute("uploadError", "Choose at least one FOCUS or AWS CUR file (.csv or .csv.gz).");
            model.addAttribute("imports", imports.list(PageRequest.ofSize(25)));
            model.addAttribute("mayImport", true);
            return "cost/imports";
        }
        CostImportView started = imports.start(spooled);
        return "redirect:/costs/imports/" + started.id();
    }

    @GetMapping("/costs/imports/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("costImport", imports.get(id));
        return "cost/import";
    }

    /** The progress (while the import runs) or the outcome, for the page's polling. */
    @HxRequest
    @GetMapping("/costs/imports/{id}")
    String status(@PathVariable long id, Model model) {
        return show(id, model) + " :: status";
    }
}
