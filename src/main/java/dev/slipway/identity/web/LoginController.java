package dev.slipway.identity.web;

import dev.slipway.identity.LoginThrottledException;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
@RequiredArgsConstructor
class LoginController {

    private final ObjectProvider<ClientRegistrationRepository> singleSignOn;
    private final Clock clock;

    @GetMapping("/login")
    String login(@RequestParam(required = false) String error, @RequestParam(required = false) String logout,
            @RequestParam(required = false) String ended, @RequestParam(required = false) String changed,
            HttpSession session, Model model) {
        if (error != null) {
            Object failure = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
            model.addAttribute("error", message(failure));
        }
        if (logout != null) {
            model.addAttribute("info", "You are signed out.");
        }
        if (ended != null) {
            model.addAttribute("info", "Your session ended: your account was changed or disabled. Sign in again.");
        }
        if (changed != null) {
            model.addAttribute("info", "Password changed. Sign in with your new password.");
        }
        model.addAttribute("singleSignOn", singleSignOn.getIfAvailable() != null);
        return "identity/login";
    }

    private String message(Object failure) {
        if (failure instanceof DisabledException) {
            return "This account is disabled. Ask an administrator to enable it.";
        }
        if (failure instanceof LoginThrottledException throttled) {
            return "Too many failed sign-ins. Try again in " + minutesUntil(throttled.until(), clock)
                    + " minutes, or ask an administrator to reset your password.";
        }
        if (failure instanceof OAuth2AuthenticationException oauth
                && oauth.getError().getDescription() != null) {
            return oauth.getError().getDescription();
        }
        return "Wrong username or password.";
    }

    private static long minutesUntil(Instant until, Clock clock) {
        return Math.max(1, Duration.between(clock.instant(), until).toMinutes() + 1);
    }
}
