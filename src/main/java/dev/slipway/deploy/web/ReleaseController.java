package dev.slipway.deploy.web;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.deploy.ReleaseRequest;
import dev.slipway.deploy.Releases;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.HtmxForm;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HxRequest;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.web.PageableDefault;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A service's releases in the portal: the list (loaded into the service page) and the form to register one. */
@Controller
@RequiredArgsConstructor
class ReleaseController {

    private static final int PAGE_SIZE = 10;

    private final Releases releases;
    private final ServiceCatalog services;
    private final AccessPolicy access;

    @GetMapping("/services/{slug}/releases")
    String list(@PathVariable String slug, @PageableDefault(size = PAGE_SIZE) Pageable page, Model model) {
        return page(slug, page, model, access.can(Permission.RELEASE_WRITE,
                services.ref(slug).team()));
    }

    /** The panel alone, loaded into the service page. */
    @HxRequest
    @GetMapping("/services/{slug}/releases")
    String panel(@PathVariable String slug, @PageableDefault(size = PAGE_SIZE) Pageable page, Model model) {
        return list(slug, page, model) + " :: panel";
    }

    @HtmxForm("panel")
    @PostMapping("/services/{slug}/releases")
    String register(@PathVariable String slug, @ModelAttribute("form") ReleaseForm form, BindingResult binding,
            Model model, RedirectAttributes flash) {
        return FormErrors.attempt(binding, () -> releases.register(slug, form.toRequest(), null)).map(registered -> {
            flash.addFlashAttribute("flashSuccess", "Release " + registered.release().version() + " registered.");
            return "redirect:/services/" + slug;
        }).orElseGet(() -> page(slug, PageRequest.ofSize(PAGE_SIZE), model, true));
    }

    private String page(String slug, Pageable page, Model model, boolean canRelease) {
        model.addAttribute("service", services.get(slug));
        model.addAttribute("releases", releases.list(slug, page));
        model.addAttribute("canRelease", canRelease);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new ReleaseForm());
        }
        return "deploy/releases";
    }

    /** The register-release form. */
    static class ReleaseForm {
        private @Nullable String version;
        private @Nullable String tag;
        private @Nullable String digest;
        private @Nullable String gitSha;
        private @Nullable String notes;
        private @Nullable String link;

        @NullUnmarked // a field the browser left out is still null here; validating the request reports it
        ReleaseRequest toRequest() {
            return new ReleaseRequest(version, tag, digest, gitSha, null, notes, link);
        }

        public @Nullable String getVersion() { return version; }
        public void setVersion(String value) { this.version = value; }
        public @Nullable String getTag() { return tag; }
        public void setTag(String value) { this.tag = value; }
        public @Nullable String getDigest() { return digest; }
        public void setDigest(String value) { this.digest = value; }
        public @Nullable String getGitSha() { return gitSha; }
        public void setGitSha(String value) { this.gitSha = value; }
        public @Nullable String getNotes() { return notes; }
        public void setNotes(String value) { this.notes = value; }
        public @Nullable String getLink() { return link; }
        public void setLink(String value) { this.link = value; }
    }
}
