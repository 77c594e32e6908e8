package dev.slipway.identity;

import io.github.wimdeblauwe.htmx.spring.boot.security.HxRefreshHeaderAuthenticationEntryPoint;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains: the API is stateless, authenticated by bearer tokens and free of CSRF (scripts
 * send tokens, not cookies); the portal signs people in with a form (or single sign-on when
 * configured), keeps a session and checks a CSRF token on every state-changing request, which htmx
 * sends as a header. Who may do what is decided by {@link AccessPolicy}, not here.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    private static final String[] PUBLIC_PATHS = {"/login", "/assets/**", "/webjars/**", "/error", "/favicon.ico",
        "/actuator/health/**", "/actuator/info", "/v3/api-docs/**", "/swagger-ui/**",
        "/swagger-ui.html"};

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    AuthenticationManager authenticationManager(AccountDetailsService accounts, PasswordEncoder encoder,
            LoginThrottle throttle, SignInEvents events) {
        var manager = new ProviderManager(new PasswordAuthenticationProvider(accounts, encoder, throttle, events));
        manager.setEraseCredentialsAfterAuthentication(true);
        return manager;
    }

    // Metrics tell a stranger too much (traffic, failures, queue depth); scrapers send a token as scripts do.
    private static final String METRICS_PATH = "/actuator/prometheus";

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, AuthenticationManager passwords,
            ActorLoader actors, ApiProblems problems, SignInEvents events, AccessPolicy access) throws Exception {
        return http.securityMatcher("/api/**", METRICS_PATH)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(new ApiAuthenticationFilter(tokens, passwords, actors, problems, events),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(METRICS_PATH).access(permitted(access, Permission.METRICS_READ))
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(problems.entryPoint())
                        .accessDeniedHandler(problems.accessDeniedHandler()))
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain portalChain(HttpSecurity http, AuthenticationManager passwords, ActorLoader actors,
            OidcAccounts oidcAccounts, SignInEvents events, ObjectProvider<ClientRegistrationRepository> singleSignOn)
            throws Exception {
        RequestMatcher htmx = new RequestHeaderRequestMatcher("HX-Request");
        var requestCache = new HttpSessionRequestCache();
        requestCache.setRequestMatcher(request -> request.getHeader("HX-Request") == null
                && "GET".equals(request.getMethod()));
        http
                .authenticationManager(passwords)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login").successHandler(new RelativeSavedRequestRedirect(requestCache))
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID"))
                .requestCache(cache -> cache.requestCache(requestCache))
                .addFilterBefore(new SessionActorFilter(actors, oidcAccounts, events), AnonymousAuthenticationFilter.class)
                // An htmx request whose session has expired must not get the login page swapped into a fragment:
                // htmx reloads the page instead (HX-Refresh), whose plain request then goes to the login page.
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(new HxRefreshHeaderAuthenticationEntryPoint(), htmx)
                        .defaultAuthenticationEntryPointFor(loginPage(), request -> true))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        if (singleSignOn.getIfAvailable() != null) {
            http.oauth2Login(oauth -> oauth.loginPage("/login")
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(syncingOidcUserService(oidcAccounts))));
        }
        return http.build();
    }

    // Relative, so that no Host or X-Forwarded-Host a client sends ends up in a Location header.
    private static LoginUrlAuthenticationEntryPoint loginPage() {
        var entryPoint = new LoginUrlAuthenticationEntryPoint("/login");
        entryPoint.setFavorRelativeUris(true);
        return entryPoint;
    }

    private static AuthorizationManager<RequestAuthorizationContext> permitted(AccessPolicy access,
            Permission permission) {
        return (authentication, context) -> {
            if (!(authentication.get() != null && authentication.get().getPrincipal() instanceof Actor)) {
                return new AuthorizationDecision(false);
            }
            try {
                access.require(permission);
                return new AuthorizationDecision(true);
            } catch (ForbiddenException e) {
                return new AuthorizationDecision(false);
            }
        };
    }

    private static OAuth2UserService<OidcUserRequest, OidcUser> syncingOidcUserService(OidcAccounts accounts) {
        var delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            accounts.sync(user);
            return user;
        };
    }
}
