package dev.slipway.catalog.web;

import dev.slipway.shared.FormErrors;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.validation.BindingResult;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * How a team, service or environment is saved from its portal form: the change is made and the browser goes on with a
 * flash that names the entry, or the change is refused and the form comes back with the reasons beside its fields.
 *
 * @param kind what the entry is, as the flash names it ("Team")
 * @param name the entry's name
 * @param next where the browser goes once the entry is saved
 */
record CatalogEntrySave<V>(String kind, Function<V, String> name, Function<V, String> next) {

    /** The view to answer with: a redirect once saved, else the form (built by {@code form}) with its errors. */
    String save(Supplier<V> change, String verb, BindingResult binding, RedirectAttributes flash,
            Supplier<String> form) {
        return FormErrors.attempt(binding, change).map(saved -> {
            flash.addFlashAttribute("flashSuccess", kind + " " + name.apply(saved) + " " + verb + ".");
            return "redirect:" + next.apply(saved);
        }).orElseGet(form);
    }
}
