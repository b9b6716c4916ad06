package io.hookpoint.lab;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import io.hookpoint.lab.Ledger.Answer;
import io.hookpoint.lab.Ledger.Kind;
import io.hookpoint.lab.Population.Customer;
import io.hookpoint.policy.BloomreachReaction;
import io.hookpoint.policy.BloomreachSender;
import io.hookpoint.policy.RetrySchedule;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

/**
 * Bloomreach for the lab: one round of the campaign (every customer once, in order, per customer or in
 * batches), at most {@code concurrency} requests in flight, every answer read with the simulator's sender
 * side of the status policy ({@link BloomreachSender}, {@link RetrySchedule}, scaled), and a share of the
 * requests delivered twice with the same key and body. Unlike {@code simulate}, it books each customer's
 * answer (the message id or the refusal code) in the {@link Ledger}, which the report needs.
 */
final class LabCampaign {
    private final LabOptions options;
    private final Population population;
    private final Ledger ledger;
    private final Timeline timeline;
    private final HttpClient client;
    private final URI url;
    private final String authorization;
    private final String run;
    private final Random jitter;

    LabCampaign(LabOptions options, Population population, Ledger ledger, Timeline timeline, HttpClient client,
                URI base, String authorization, String run) {
        this.options = options;
        this.population = population;
        this.ledger = ledger;
        this.timeline = timeline;
        this.client = client;
        this.url = base.resolve(options.batchSize() > 0 ? "/api/v1/sms/batch" : "/api/v1/sms");
        this.authorization = authorization;
        this.run = run;
        this.jitter = new Random(options.seed());
    }

    /** Runs one round to its end. */
    void run(int round) throws InterruptedException {
        int per = Math.max(1, options.batchSize());
        Semaphore slots = new Semaphore(options.concurrency());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int first = 1; first <= options.customers(); first += per) {
                List<Customer> customers = new ArrayList<>();
                for (int n = first; n < first + per && n <= options.customers(); n++) {
                    customers.add(population.customer(n, round));
                }
                slots.acquire();
                threads.submit(() -> {
                    try {
                        request(round, customers);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private void request(int round, List<Customer> customers) {
        boolean batch = options.batchSize() > 0;
        String body;
        String key = null;
        if (batch) {
            var items = JsonBodies.JSON.createArrayBuilder();
            customers.forEach(c -> items.add(item(c, round).add("key", key(c, round))));
            body = JsonBodies.JSON.createObjectBuilder().add("messages", items).build().toString();
        } else {
            key = key(customers.getFirst(), round);
            body = item(customers.getFirst(), round).build().toString();
        }
        long sent = System.currentTimeMillis();
        Settled settled = settle(key, body, batch ? RetrySchedule.batch(customers.size()) : RetrySchedule.perCustomer());
        List<Answer> answers = answers(settled, customers.size(), sent);
        for (int i = 0; i < customers.size(); i++) {
            ledger.put(round, customers.get(i).number(), answers.get(i));
        }
        timeline.count(Timeline.Hop.WEBHOOKS, customers.size());
        Customer first = customers.getFirst();
        if (settled.reaction == BloomreachReaction.DELIVERED && population.duplicated(first.number(), round)) {
            // delivered again after the answer, as after a timeout Bloomreach did not see the end of
            ledger.duplicates.incrementAndGet();
            Settled again = settle(key, body, RetrySchedule.perCustomer());
            List<Answer> twice = answers(again, customers.size(), sent);
            boolean same = true;
            for (int i = 0; i < customers.size(); i++) {
                Answer a = answers.get(i);
                Answer b = twice.get(i);
                same &= a.kind() == b.kind() && a.code() == b.code() && java.util.Objects.equals(a.messageId(), b.messageId());
            }
            if (same) {
                ledger.duplicatesConsistent.incrementAndGet();
            } else {
                ledger.note("customer " + first.number() + " round " + round + " delivered twice: " + answers.getFirst()
                        + " vs " + twice.getFirst());
            }
        }
    }

    private record Settled(int status, String body, BloomreachReaction reaction, int attempts) {
    }

    private Settled settle(String key, String body, RetrySchedule schedule) {
        int attempt = 0;
        while (true) {
            attempt++;
            ledger.requests.incrementAndGet();
            int status = 0;
            String answer = "";
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (key != null) {
                request.header("Idempotency-Key", key);
            }
            BloomreachReaction reaction;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                answer = response.body();
                reaction = BloomreachSender.react(status);
            } catch (IOException e) {
                reaction = BloomreachSender.reactToTransportFailure();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Settled(0, "", BloomreachReaction.FAILED, attempt);
            }
            if (reaction != BloomreachReaction.RETRY || attempt > schedule.maxRetries()) {
                return new Settled(status, answer, reaction, attempt);
            }
            ledger.retries.incrementAndGet();
            try {
                Thread.sleep(Math.round(schedule.delay(attempt, jitter).toMillis() * options.timeScale()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Settled(status, answer, BloomreachReaction.FAILED, attempt);
            }
        }
    }

    // one answer per customer of the request, in order
    private List<Answer> answers(Settled settled, int size, long sent) {
        List<Answer> answers = new ArrayList<>(size);
        if (settled.reaction != BloomreachReaction.DELIVERED) {
            Kind kind = settled.reaction == BloomreachReaction.STOP ? Kind.STOPPED : Kind.FAILED;
            for (int i = 0; i < size; i++) {
                answers.add(new Answer(kind, null, settled.status, sent, settled.attempts));
            }
            return answers;
        }
        JsonObject json;
        try (JsonReader reader = JsonBodies.JSON.createReader(new StringReader(settled.body))) {
            json = reader.readObject();
        } catch (RuntimeException e) {
            json = JsonValue.EMPTY_JSON_OBJECT;
        }
        List<JsonObject> items = json.get("results") instanceof JsonArray results
                ? results.getValuesAs(JsonObject.class) : List.of(json);
        for (int i = 0; i < size; i++) {
            answers.add(i < items.size() ? answer(items.get(i), sent, settled.attempts)
                    : new Answer(Kind.FAILED, null, settled.status, sent, settled.attempts));
        }
        return answers;
    }

    private static Answer answer(JsonObject item, long sent, int attempts) {
        if (item.get("success") == JsonValue.TRUE && item.get("result") instanceof JsonObject result) {
            return new Answer(Kind.ACCEPTED, result.getString("message_id", null), 0, sent, attempts);
        }
        int code = item.get("errors") instanceof JsonArray errors && !errors.isEmpty()
                && errors.get(0) instanceof JsonObject error ? error.getInt("code", 0) : 0;
        return new Answer(Kind.REFUSED, null, code, sent, attempts);
    }

    private String key(Customer customer, int round) {
        return "lab-" + run + "-r" + round + "-" + customer.id();
    }

    private JsonObjectBuilder item(Customer customer, int round) {
        return JsonBodies.JSON.createObjectBuilder().add("to", customer.phone()).add("text", customer.text())
                .add("customer_id", customer.id()).add("campaign", JsonBodies.JSON.createObjectBuilder()
                        .add("scenario_id", "lab-" + run).add("action_id", "r" + round));
    }
}
