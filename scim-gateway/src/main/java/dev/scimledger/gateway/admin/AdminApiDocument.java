package dev.scimledger.gateway.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The admin API's OpenAPI 3 description, made by springdoc from the controllers themselves and served at
 * {@code GET /admin/openapi} (JSON; {@code /admin/openapi.yaml}) to admin credentials, behind the bearer filter like
 * every admin route. SCIM itself is described by its RFCs and by {@code /Schemas}, not here.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiDocument {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI adminApi() {
        return new OpenAPI()
                .info(new Info().title("SCIM Ledger admin API")
                        .description("Tenants and their tokens, schema extensions, account import, the audit trail, "
                                + "time travel, erasure, the tamper-evident chain, projection rebuilds, Kafka "
                                + "re-publication, the quarantine. Every change is an event in the log with the "
                                + "caller as its actor.")
                        .version("1")
                        .license(new License().name("see the repository")))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description("The admin token (SCIM_ADMIN_TOKEN), or an admin API key made in the console "
                                + "(an auditor's key reads only)")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
