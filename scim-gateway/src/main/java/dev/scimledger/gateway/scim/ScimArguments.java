package dev.scimledger.gateway.scim;

import dev.scimledger.gateway.provisioning.RequestOrigin;
import dev.scimledger.gateway.tenant.ScimCaller;
import dev.scimledger.scim.ScimException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * What a handler method may ask for besides the request itself: the {@link ScimCaller} the authentication filter
 * found for the request's token, and the {@link RequestOrigin} its events will record.
 */
@Configuration(proxyBeanMethods = false)
class ScimArguments implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new Resolver());
    }

    static ScimCaller caller(HttpServletRequest request) {
        ScimCaller caller = (ScimCaller) request.getAttribute(ScimCaller.REQUEST_ATTRIBUTE);
        if (caller == null) {
            // the authentication filter sets it for every SCIM path; if a path ever slipped past it, refuse
            throw ScimException.unauthenticated("A bearer token is required");
        }
        return caller;
    }

    private static final class Resolver implements HandlerMethodArgumentResolver {
        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == ScimCaller.class || parameter.getParameterType() == RequestOrigin.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                      NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
            HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
            return parameter.getParameterType() == ScimCaller.class ? caller(request) : RequestOrigin.of(request);
        }
    }
}
