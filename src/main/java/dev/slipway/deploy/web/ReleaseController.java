package dev.slipway.deploy.web;

import dev.slipway.catalog.ServiceCatalog;
import dev.slipway.deploy.ReleaseRequest;
import dev.slipway.deploy.Releases;
import dev.slipway.identity.AccessPolicy;
import dev.slipway.identity.Permission;
import dev.slipway.shared.ConflictException;
import dev.slipway.shared.FormErrors;
import dev.slipway.shared.InvalidInputException;
import dev.slipway.shared.PageRequest;
import dev.slipway.shared.PortalRedirect;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A service's releases in the portal: the list (loaded into the service page) and the form to register one. */
@Controller
class ReleaseController {

    private final Releases releases;
    private final ServiceCatalog services;
    private final AccessPolicy access;

    ReleaseController(Releases releases, ServiceCatalog services, AccessPolicy access) {
        this.releases = releases;
        this.services = services;
        this.access = access;
    }

    @GetMapping("/services/{slug}/releases")
    String list(@PathVariable String slug, @RequestParam(defaultValue = "1") int page, HtmxRequest htmx, Model model) {
        model.addAttribute("service", services.get(slug));
        model.addAttribute("releases", releases.list(slug, new PageRequest(Math.max(1, page), 10)));
        model.addAttribute("canRelease", access.can(Permission.RELEASE_WRITE, services.ref(slug).team()));
        model.addAttribute("form", new ReleaseForm());
        return htmx.isHtmxRequest() ? "deploy/releases :: panel" : "deploy/releases";
    }

    @PostMapping("/services/{slug}/releases")
    String register(@PathVariable String slug, @ModelAttribute("form") ReleaseForm form, BindingResult binding,
            HtmxRequest htmx, Model model, RedirectAttributes flash) {
        try {
            var registered = releases.register(slug, form.toRequest(), null);
            flash.addFlashAttribute("flashSuccess", "Release " + registered.release().version() + " registered.");
            return PortalRedirect.to(htmx, "/services/" + slug);
        } catch (InvalidInputException e) {
            FormErrors.reject(binding, e.errors());
        } catch (ConflictException e) {
            FormErrors.reject(binding, e);
        }
        model.addAttribute("service", services.get(slug));
        model.addAttribute("releases", releases.list(slug, new PageRequest(1, 10)));
        model.addAttribute("canRelease", true);
        return htmx.isHtmxRequest() ? "deploy/releases :: panel" : "deploy/releases";
    }

    /** The register-release form. */
    static class ReleaseForm {
        private String version;
        private String tag;
        private String digest;
        private String gitSha;
        private String notes;
        private String link;

        ReleaseRequest toRequest() {
            return new ReleaseRequest(version, tag, digest, gitSha, null, notes, link);
        }

        public String getVersion() { return version; }
        public void setVersion(String value) { this.version = value; }
        public String getTag() { return tag; }
        public void setTag(String value) { this.tag = value; }
        public String getDigest() { return digest; }
        public void setDigest(String value) { this.digest = value; }
        public String getGitSha() { return gitSha; }
        public void setGitSha(String value) { this.gitSha = value; }
        public String getNotes() { return notes; }
        public void setNotes(String value) { this.notes = value; }
        public String getLink() { return link; }
        public void setLink(String value) { this.link = value; }
    }
}
