package dev.slipway.cost;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** A group whose spend changed most from one month to the next. */
public record CostMover(String group, String currency, BigDecimal previous, BigDecimal current, BigDecimal change,
        @Nullable BigDecimal changePercent) {
}
