package dev.slipway.shared.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.slipway.shared.SharedProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts {@link BusyPoolPatience} in front of the connection pool, the embedded database's or Spring Boot's. */
@Configuration(proxyBeanMethods = false)
class BusyPoolPatienceConfiguration {

    @Bean
    static BeanPostProcessor busyPoolPatience(ObjectProvider<SharedProperties> properties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof HikariDataSource pool
                        ? new BusyPoolPatience(pool, properties.getObject().database().busyWait()) : bean;
            }
        };
    }
}
