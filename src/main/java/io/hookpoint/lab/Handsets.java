package io.hookpoint.lab;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.hookpoint.lab.ProviderStub.Fate;
import io.hookpoint.lab.ProviderStub.Send;
import io.hookpoint.lab.ProviderStub.Stage;

/**
 * The handsets behind a provider stub, the same for every provider: the fate of each message the provider
 * took or refused (from {@link Population}), its reports scheduled through {@link Callbacks} as the knobs say
 * (late, twice, the final one before {@code sent}), and the STOP reply of a customer who stops, with the time
 * Hookpoint acknowledged it. The stub only encodes and authenticates what goes out.
 */
final class Handsets {
    private final LabOptions options;
    private final Population population;
    private final Callbacks callbacks;
    private final Map<String, Fate> fates = new ConcurrentHashMap<>();
    private final Map<String, Long> stopsAcknowledged = new ConcurrentHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();

    Handsets(LabOptions options, Population population, Callbacks callbacks) {
        this.options = options;
        this.population = population;
        this.callbacks = callbacks;
    }

    /** The provider refused the message for good, with its code. */
    void refused(String messageId, String code) {
        fates.put(messageId, new Fate("rejected", code));
    }

    /** The provider took the message: its fate, its reports, and maybe a STOP. */
    void taken(ProviderStub stub, Send send, String providerId, int number) {
        boolean delivered = !population.undelivered(number);
        fates.put(send.messageId(), delivered ? new Fate("delivered", null) : new Fate("undelivered", stub.undeliveredCode()));
        if (send.callback() == null) {
            return;
        }
        long delay = options.reportDelayMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long first = (long) (delay * (0.5 + random.nextDouble()));
        long second = first + (long) (delay * (0.5 + random.nextDouble()));
        boolean reorder = random.nextDouble() < options.reportReorderShare();
        Stage last = delivered ? Stage.DELIVERED : Stage.UNDELIVERED;
        if (stub.reportsSent()) {
            callbacks.post(reorder ? second : first, () -> stub.report(send, providerId, Stage.SENT), at -> { });
            callbacks.post(reorder ? first : second, () -> stub.report(send, providerId, last), at -> { });
        } else {
            // no intermediate report to overtake: a reordered final report races the send's answer instead
            callbacks.post(reorder ? 0 : second, () -> stub.report(send, providerId, last), at -> { });
        }
        if (random.nextDouble() < options.reportDuplicateShare()) {
            callbacks.post(second + delay, () -> stub.report(send, providerId, last), at -> { });
        }
        String phone = send.phone();
        if (delivered && population.stops(number) && stopped.add(phone)) {
            callbacks.post(second + delay, () -> stub.stop(phone), at -> stopsAcknowledged.put(phone, at));
        }
    }

    Map<String, Fate> fates() {
        return Map.copyOf(fates);
    }

    Map<String, Long> stopsAcknowledged() {
        return Map.copyOf(stopsAcknowledged);
    }
}
