package io.hookpoint.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.hookpoint.policy.ErrorCode;
import io.hookpoint.sms.MessageRepository;
import io.hookpoint.store.Store;

/**
 * Sends {@code failed} messages again (an operator's decision, after a provider outage or a fixed
 * misconfiguration): back to {@code queued}, attempts from zero, the reason kept. Never a message whose content
 * was redacted (nothing left to send), never one withheld because its recipient opted out (1012): consent is not
 * the operator's to override. One that expired, or whose provider answer was lost (the provider may have sent
 * it: a second send could reach the phone twice), only when asked for explicitly.
 */
public final class Requeue {
    private static final String OPTED_OUT = ErrorCode.RECIPIENT_OPTED_OUT.code() + " ";
    // Attempt's text for a message not handed over in time
    private static final String EXPIRED = "expired:";

    private final MessageRepository messages;
    private final Clock clock;

    /**
     * Creates the tool.
     *
     * @param store the store the service uses
     * @param clock the time source
     */
    public Requeue(Store store, Clock clock) {
        this.messages = new MessageRepository(store);
        this.clock = clock;
    }

    /**
     * Which failed messages: by id, or by the time they failed, and optionally by their error.
     *
     * @param ids   message ids; empty to select by time
     * @param from  failed at or after (with {@code to}), when {@code ids} is empty
     * @param to    failed before
     * @param error text the last error contains (any case), or the provider's error code; empty: any
     */
    public record Selection(List<String> ids, Optional<Instant> from, Optional<Instant> to, Optional<String> error) {
        /** Checks that it selects by exactly one of ids and time. */
        public Selection {
            ids = List.copyOf(ids);
            if (to.isPresent() && from.isEmpty()) {
                throw new IllegalArgumentException("--to needs --from");
            }
            if (ids.isEmpty() == from.isEmpty()) {
                throw new IllegalArgumentException("select the messages by --id, or by --from (and --to)");
            }
            if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
                throw new IllegalArgumentException("--from must be before --to");
            }
        }
    }

    /**
     * What may be re-queued besides the plain failures.
     *
     * @param expired     messages that expired before they were handed over (they expire again unless
     *                    {@code HOOKPOINT_DELIVERY_EXPIRE} now allows their age)
     * @param lostAnswers messages whose provider answer was lost (they may have reached the phone)
     */
    public record Including(boolean expired, boolean lostAnswers) {
    }

    /**
     * What a re-queue did.
     *
     * @param requeued   messages put back in the queue
     * @param redacted   skipped: their content was redacted
     * @param optedOut   skipped: withheld because the recipient opted out (1012)
     * @param expired    skipped: expired (re-queued only when asked)
     * @param lostAnswer skipped: the provider's answer was lost (re-queued only when asked)
     * @param notFailed  ids asked for that are not (or no longer) failed messages
     */
    public record Result(int requeued, int redacted, int optedOut, int expired, int lostAnswer, int notFailed) {
        /** One line for the operator. */
        public String summary() {
            List<String> skipped = new ArrayList<>();
            add(skipped, redacted, "content redacted");
            add(skipped, optedOut, "recipient opted out (1012)");
            add(skipped, expired, "expired (--include-expired)");
            add(skipped, lostAnswer, "provider's answer lost (--include-lost-answers)");
            add(skipped, notFailed, "not failed or unknown");
            return "requeued " + requeued + " failed message" + (requeued == 1 ? "" : "s")
                    + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped));
        }

        private static void add(List<String> skipped, int count, String why) {
            if (count > 0) {
                skipped.add(count + " " + why);
            }
        }
    }

    /**
     * Re-queues the failed messages selected, in one write.
     *
     * @param selection which messages
     * @param including what may be re-queued besides plain failures
     * @param reason    why (kept with each message)
     * @return the counts
     */
    public Result run(Selection selection, Including including, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a reason is needed (--reason): it is kept with each message");
        }
        StringBuilder conditions = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        if (!selection.ids().isEmpty()) {
            conditions.append(" AND message_id IN (<ids>)");
        } else {
            // the time it failed; rows from before failed_at existed fall back to their last change
            conditions.append(" AND COALESCE(failed_at, updated_at) >= :from");
            params.put("from", selection.from().orElseThrow().toEpochMilli());
            selection.to().ifPresent(to -> {
                conditions.append(" AND COALESCE(failed_at, updated_at) < :to");
                params.put("to", to.toEpochMilli());
            });
        }
        selection.error().ifPresent(error -> {
            conditions.append(" AND (LOWER(COALESCE(last_error, '')) LIKE :pattern ESCAPE '!'"
                    + " OR LOWER(COALESCE(provider_error_code, '')) = :code)");
            String lower = error.toLowerCase(Locale.ROOT);
            params.put("pattern", "%" + lower.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            params.put("code", lower);
        });
        int[] skipped = new int[4];
        MessageRepository.Requeued done = messages.requeueFailed(conditions.toString(), params,
                selection.ids().isEmpty() ? null : selection.ids(), failed -> {
                    List<String> chosen = new ArrayList<>();
                    for (MessageRepository.Failed message : failed) {
                        String error = message.lastError() == null ? "" : message.lastError();
                        if (message.redacted()) {
                            skipped[0]++;
                        } else if (error.startsWith(OPTED_OUT)) {
                            skipped[1]++;
                        } else if (error.startsWith(EXPIRED) && !including.expired()) {
                            skipped[2]++;
                        } else if (message.answerLost() && !including.lostAnswers()) {
                            skipped[3]++;
                        } else {
                            chosen.add(message.messageId());
                        }
                    }
                    return chosen;
                }, reason.strip(), clock.millis());
        int notFailed = selection.ids().isEmpty() ? 0
                : (int) selection.ids().stream().distinct().count() - done.matched().size();
        return new Result(done.requeued(), skipped[0], skipped[1], skipped[2], skipped[3], notFailed);
    }
}
