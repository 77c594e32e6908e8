package dev.slipway.delivery.api;

import dev.slipway.delivery.DeliveryMetrics;
import dev.slipway.delivery.DeliveryReport;
import dev.slipway.shared.ApiErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Delivery metrics", description = "DORA's five delivery figures from the deployments Slipway recorded")
@ApiErrorResponses
@RequiredArgsConstructor
class DeliveryApiController {

    private final DeliveryMetrics metrics;

    @GetMapping(path = "/api/v1/metrics/delivery", produces = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "Deployment frequency, change lead time, change fail rate, recovery time and rework rate "
            + "(scope catalog:read)", description = "Over the deployments to `environment` (default: the production "
            + "environment) that finished from `from` (inclusive) to `to` (exclusive), dates in UTC; the default is the "
            + "last 13 weeks including today, at most 731 days. Narrow with `team` and `service`. Answers the figures "
            + "of the whole selection (`overall`), of each team and service in it and of each week, each with its DORA "
            + "2024 performance band (elite, high, medium, low; none for rework rate), and the reference points of "
            + "hand-coded pipelines and an automated platform. Rates are fractions, times seconds; a figure with "
            + "nothing to measure is null. A parameter that cannot be read, or names nothing, is a 400 problem "
            + "naming it in `errors`.")
    DeliveryReport delivery(@RequestParam(required = false) String team,
            @RequestParam(required = false) String service, @RequestParam(required = false) String environment,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return metrics.report(team, service, environment, from, to);
    }
}
