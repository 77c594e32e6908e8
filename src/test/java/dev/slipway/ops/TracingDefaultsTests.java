package dev.slipway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * OpenTelemetry is on the classpath but sends nothing anywhere until configured: no span, log or OTLP metrics
 * exporter exists by default. Trace ids are still made, so log lines can carry them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TracingDefaultsTests {

    @Autowired
    ApplicationContext context;

    @Test
    void nothingIsExportedByDefault() {
        assertThat(context.getEnvironment().getProperty("management.tracing.export.enabled")).isEqualTo("false");
        assertThat(context.getBeansOfType(SpanExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(LogRecordExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(OtlpMeterRegistry.class)).isEmpty();
        assertThat(context.getBeansOfType(Tracer.class)).isNotEmpty();
    }
}
