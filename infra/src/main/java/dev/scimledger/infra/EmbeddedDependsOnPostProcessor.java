package dev.scimledger.infra;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Makes every bean that talks to an embedded service {@code dependsOn} that service's bean, so that Spring creates the
 * service first and destroys it last: on context close the dependents (and, transitively, whatever was injected with
 * them) are destroyed before the embedded server is stopped.
 *
 * <p>Dependents are matched by type (any bean definition whose type is assignable to one of the given class names,
 * resolved without eager initialisation; names of classes not on the classpath are ignored), by bean name, and
 * optionally by a fragment of the bean's simple class name (e.g. every {@code *Kafka*} bean, which catches beans that
 * hold a client internally, such as an event publisher owning a {@code KafkaProducer}).
 */
final class EmbeddedDependsOnPostProcessor implements BeanFactoryPostProcessor, Ordered {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDependsOnPostProcessor.class);

    private final String serviceBeanName;
    private final List<String> dependents;
    private final String classNameFragment;

    /**
     * @param serviceBeanName   the embedded service's bean
     * @param dependents        fully qualified type names and/or bean names
     * @param classNameFragment if not null, beans whose simple class name contains it are dependents too
     */
    EmbeddedDependsOnPostProcessor(String serviceBeanName, List<String> dependents, String classNameFragment) {
        this.serviceBeanName = serviceBeanName;
        this.dependents = List.copyOf(dependents);
        this.classNameFragment = classNameFragment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        ClassLoader classLoader = beanFactory.getBeanClassLoader();
        Set<String> names = new LinkedHashSet<>();
        for (String dependent : dependents) {
            if (beanFactory.containsBeanDefinition(dependent)) {
                names.add(dependent);
            } else if (ClassUtils.isPresent(dependent, classLoader)) {
                Class<?> type = ClassUtils.resolveClassName(dependent, classLoader);
                names.addAll(Arrays.asList(beanFactory.getBeanNamesForType(type, true, false)));
            }
        }
        if (classNameFragment != null) {
            for (String name : beanFactory.getBeanDefinitionNames()) {
                String className = className(beanFactory, name);
                if (className != null && ClassUtils.getShortName(className).contains(classNameFragment)) {
                    names.add(name);
                }
            }
        }
        for (String name : names) {
            String beanName = BeanFactoryUtils.transformedBeanName(name);
            if (beanName.equals(serviceBeanName)) {
                continue;
            }
            BeanDefinition definition;
            try {
                definition = beanFactory.getBeanDefinition(beanName);
            } catch (NoSuchBeanDefinitionException e) {
                continue; // a manually registered singleton, or defined in a parent context
            }
            String[] dependsOn = definition.getDependsOn();
            if (dependsOn == null || !Arrays.asList(dependsOn).contains(serviceBeanName)) {
                definition.setDependsOn(StringUtils.addStringToArray(dependsOn, serviceBeanName));
                LOG.debug("Bean '{}' now depends on '{}'", beanName, serviceBeanName);
            }
        }
    }

    private static String className(ConfigurableListableBeanFactory beanFactory, String name) {
        try {
            String className = beanFactory.getBeanDefinition(name).getBeanClassName();
            if (className != null) {
                return className;
            }
            Class<?> type = beanFactory.getType(name, false); // @Bean methods: the declared return type
            return type == null ? null : type.getName();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
