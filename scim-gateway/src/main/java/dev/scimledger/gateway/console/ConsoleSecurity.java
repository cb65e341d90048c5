package dev.scimledger.gateway.console;

import dev.scimledger.gateway.operator.Operators;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;
import org.springframework.security.web.context.SecurityContextHolderFilter;

import java.util.EnumSet;

/**
 * Spring Security for the console only ({@code /console/**}): form sign-in against {@link ConsoleAccounts}, throttled
 * ({@link SignInThrottle}); a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS: {@code server.servlet.session}
 * in application.yml); CSRF tokens on every form; GET for every signed-in account, any other method for admins only
 * (but signing out and changing one's own password); a disabled account's sessions end at their next request.
 *
 * <p>The security filter is registered for the console's paths alone ({@link SecurityFilterAutoConfiguration} is
 * left out in application.yml): the SCIM and admin APIs keep their own bearer filters, and no browser-oriented rule
 * (Spring Security's strict firewall, its headers, sessions) reaches Entra or a script.
 */
@Configuration
@EnableWebSecurity
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleSecurity {

    static final String PATH = "/console";

    @Bean
    PasswordEncoder consolePasswordEncoder() {
        // Argon2id, 16 MiB, 2 passes (Spring Security's current defaults), with BouncyCastle's implementation
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }

    @Bean
    ConsoleAccounts consoleAccounts(JdbcTemplate jdbc, Operators operators, ConsoleProperties properties,
                                    Environment environment) {
        return new ConsoleAccounts(jdbc, operators, properties.initialAdminPassword(), environment);
    }

    @Bean
    SignInThrottle signInThrottle(ConsoleProperties properties) {
        return new SignInThrottle(properties.failedSignIns(), properties.throttleTime());
    }

    @Bean
    SecurityFilterChain consoleFilterChain(HttpSecurity http, ConsoleAccounts accounts,
                                           PasswordEncoder consolePasswordEncoder, SignInThrottle throttle)
            throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(consolePasswordEncoder);
        passwords.setUserDetailsService(accounts);
        AuthenticationFailureHandler failure = (request, response, exception) -> response.sendRedirect(
                request.getContextPath() + PATH + "/login?" + (exception instanceof ThrottledSignIn.Throttled throttled
                        ? "throttled=" + throttled.seconds() : "error"));
        // its own manager, with no parent: Spring Security's global one (built from the UserDetailsService bean) would
        // check the password again for a sign-in the throttle refused, and let it in
        http.securityMatcher(PATH + "/**")
                .authenticationManager(new ProviderManager(new ThrottledSignIn(passwords, throttle)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PATH + "/login", PATH + "/assets/**").permitAll()
                        .requestMatchers(HttpMethod.POST, PATH + "/logout", PATH + "/password").authenticated()
                        .requestMatchers(HttpMethod.GET, PATH, PATH + "/**").hasAnyRole(
                                ConsoleRole.ADMIN.name(), ConsoleRole.AUDITOR.name())
                        .anyRequest().hasRole(ConsoleRole.ADMIN.name()))
                .formLogin(form -> form.loginPage(PATH + "/login").loginProcessingUrl(PATH + "/login")
                        .defaultSuccessUrl(PATH + "/tenants", true).failureHandler(failure))
                .logout(logout -> logout.logoutUrl(PATH + "/logout").logoutSuccessUrl(PATH + "/login?signedOut"))
                .addFilterAfter(new DisabledAccountFilter(accounts), SecurityContextHolderFilter.class)
                .exceptionHandling(errors -> errors.accessDeniedPage(PATH + "/forbidden"))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; "
                                + "base-uri 'none'; object-src 'none'")));
        return http.build();
    }

    /** The security filter, on the console's paths only (in place of Boot's registration on every path). */
    @Bean
    DelegatingFilterProxyRegistrationBean consoleSecurityFilterRegistration(SecurityProperties security) {
        DelegatingFilterProxyRegistrationBean registration = new DelegatingFilterProxyRegistrationBean(
                AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME);
        registration.addUrlPatterns(PATH, PATH + "/*");
        registration.setOrder(security.getFilter().getOrder());
        registration.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
        return registration;
    }
}
