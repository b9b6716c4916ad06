package io.hookpoint.optout;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.hookpoint.testing.Closing;
import io.hookpoint.testing.HttpsClient;
import io.hookpoint.testing.Reply;
import io.hookpoint.testing.TestDatabase;
import io.hookpoint.testing.TestHookpoint;

import org.junit.jupiter.api.Test;

import static io.hookpoint.optout.OptOutTesting.HTTP_TOKEN;
import static io.hookpoint.optout.OptOutTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one PostgreSQL database (behind an imaginary load balancer): a STOP taken by one is obeyed by
 * the other within a few seconds (HOOKPOINT_OPTOUT_REFRESH), a removal too, and an instance started later has
 * the list from the start.
 */
class SuppressionsOnSeveralInstancesTest {
    private static final String NUMBER = "+420777700001";

    @Test
    void aChangeOnOneInstanceReachesTheOther() throws Exception {
        Map<String, String> config = new HashMap<>(OptOutTesting.config());
        config.put("hookpoint.db.url", TestDatabase.newPostgresDatabase());
        config.put("hookpoint.optout.refresh", "PT0.5S");
        TestHookpoint a = TestHookpoint.create(config);
        TestHookpoint b = TestHookpoint.create(config);
        TestHookpoint later = null;
        try {
            HttpsClient clientA = a.client(a.start().port());
            HttpsClient clientB = b.client(b.start().port());
            assertThat(send(clientB, NUMBER).success()).isTrue();

            assertThat(OptOutTesting.http(clientA, NUMBER, "STOP", HTTP_TOKEN).status()).isEqualTo(200);
            long took = awaitRefused(clientB, true);
            later = TestHookpoint.create(config);
            HttpsClient clientLater = later.client(later.start().port());
            Reply atOnce = send(clientLater, NUMBER);

            assertThat(took).isLessThan(Duration.ofSeconds(5).toMillis());
            assertThat(atOnce.errorCodes()).containsExactly(1012);

            Reply removed = OptOutTesting.admin(clientB).send("DELETE", "/admin/v1/suppressions/%2B420777700001",
                    Map.of(), null);
            assertThat(removed.status()).isEqualTo(200);
            awaitRefused(clientA, false);
            assertThat(send(clientB, NUMBER).success()).isTrue();
        } finally {
            Closing.inOrder(later, b, a);
        }
    }

    // sends until the answer is (or is no longer) 1012, for up to 10 s; returns how long that took
    private static long awaitRefused(HttpsClient client, boolean refused) throws InterruptedException {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start < 10_000) {
            Reply reply = send(client, NUMBER);
            if ((!reply.success() && reply.errorCodes().contains(1012)) == refused) {
                return System.currentTimeMillis() - start;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the other instance did not follow within 10 s (refused: " + refused + ")");
    }
}
