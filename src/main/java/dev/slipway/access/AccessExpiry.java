package dev.slipway.access;

import dev.slipway.identity.AccessPolicy;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records and announces what ran out: pending requests past their expiry, grants past their end. A
 * grant stops counting at its end regardless; this only writes the audit event and the notice.
 */
@Component
class AccessExpiry {

    private final AccessRequests requests;
    private final Grants grants;
    private final AccessPolicy access;
    private final TransactionTemplate transaction;

    AccessExpiry(AccessRequests requests, Grants grants, AccessPolicy access, PlatformTransactionManager transactions) {
        this.requests = requests;
        this.grants = grants;
        this.access = access;
        this.transaction = new TransactionTemplate(transactions);
    }

    @Scheduled(fixedDelayString = "${slipway.access.expiry-check-interval:PT30S}", initialDelay = 5000)
    void run() {
        access.asSystem(() -> {
            while (Boolean.TRUE.equals(transaction.execute(status -> requests.expirePending() > 0))) {
                // batches of 100 until none is left
            }
            while (Boolean.TRUE.equals(transaction.execute(status -> grants.noteExpired() > 0))) {
                // batches of 100 until none is left
            }
        });
    }
}
