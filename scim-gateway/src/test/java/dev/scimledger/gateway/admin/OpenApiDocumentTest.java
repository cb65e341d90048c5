package dev.scimledger.gateway.admin;

import dev.scimledger.gateway.RunningService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API's OpenAPI document is the controllers: every route-method an admin controller maps under
 * {@code /admin} is in {@code GET /admin/openapi} with the same path and method, and the document names no other;
 * it is served to admin credentials only.
 */
class OpenApiDocumentTest extends RunningService {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theDocumentDescribesExactlyTheAdminControllersRoutes() throws Exception {
        Response document = call("GET", "/admin/openapi", ADMIN_TOKEN, null);
        assertThat(document.status()).as(document.raw().body()).isEqualTo(200);
        assertThat(document.text("/openapi")).startsWith("3.");
        assertThat(document.body().at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        Set<String> described = new TreeSet<>();
        for (Iterator<String> paths = document.body().get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = document.body().get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                    described.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().equals("dev.scimledger.gateway.admin")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    mapped.add(method.name() + " " + pattern);
                }
            }
        });
        assertThat(mapped).hasSizeGreaterThanOrEqualTo(40).allMatch(route -> route.contains(" /admin/"));
        assertThat(described).as("the document against the controllers").isEqualTo(mapped);
        assertThat(described).contains("PUT /admin/tenants/{tenantId}/schema-extensions/{urn}");

        assertThat(call("GET", "/admin/openapi", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/admin/openapi", newTenant().token(), null).status()).isEqualTo(401);
        Response yaml = call("GET", "/admin/openapi.yaml", ADMIN_TOKEN, null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.raw().body()).contains("/admin/tenants/{tenantId}/schema-extensions/{urn}");
    }
}
