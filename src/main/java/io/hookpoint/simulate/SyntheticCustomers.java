package io.hookpoint.simulate;

import java.util.List;

import io.hookpoint.simulate.SimulationOptions.KeyTemplate;
import io.hookpoint.web.JsonBodies;

import jakarta.json.JsonObjectBuilder;

/**
 * The campaign's customers and the requests Bloomreach would render for them from a webhook template
 * such as the one in {@code docs/bloomreach-setup.md}. Every n-th customer has data that cannot be
 * used (an empty phone number, as an empty personalisation renders, or a text far too long), which an
 * endpoint must answer per customer, not with a campaign-stopping 4xx. A customer can be sent more than
 * one message ({@code --sends-per-customer}): send 2 and later are a recurring reminder (the same text)
 * for even customers and a second order (a new text) for odd ones.
 */
final class SyntheticCustomers {
    private static final String TOO_LONG = "This text is far too long for any SMS. ".repeat(60);

    private final String run;
    private final int badDataEvery;
    private final KeyTemplate keys;

    /**
     * One customer.
     *
     * @param number   1-based
     * @param send     which message of this customer, 1-based (the triggering event of a send)
     * @param id       the customer id
     * @param phone    the rendered phone number (empty for a customer without one)
     * @param text     the rendered text
     * @param problem  what is wrong with the data, or null
     */
    record Customer(int number, int send, String id, String phone, String text, String problem) {
        boolean badData() {
            return problem != null;
        }
    }

    SyntheticCustomers(String run, int badDataEvery, KeyTemplate keys) {
        this.run = run;
        this.badDataEvery = badDataEvery;
        this.keys = keys;
    }

    Customer customer(int number) {
        return customer(number, 1);
    }

    Customer customer(int number, int send) {
        String id = "sim-customer-" + number;
        String phone = "+420777" + String.format("%06d", number % 1_000_000);
        // a second order (odd customers) has a text of its own; a recurring reminder (even ones) repeats it
        String order = send > 1 && number % 2 == 1 ? " Order " + send + " has shipped." : "";
        String text = "Hello customer " + number + ", your code is " + (100_000 + number % 900_000) + "." + order;
        if (badDataEvery > 0 && number % badDataEvery == 0) {
            // alternate the two kinds of unusable data
            return (number / badDataEvery) % 2 == 1
                    ? new Customer(number, send, id, "", text, "empty phone number")
                    : new Customer(number, send, id, phone, TOO_LONG, "text of " + TOO_LONG.length() + " characters");
        }
        return new Customer(number, send, id, phone, text, null);
    }

    /**
     * The key of a customer's request as the template builds it: scenario, action, customer and, with
     * the per-send template, the triggering event ({@code docs/bloomreach-setup.md}); the naive template
     * leaves the event out, so every send to one customer gets the same key.
     */
    String key(Customer customer) {
        String key = "sim-" + run + "-a1-" + customer.id();
        return keys == KeyTemplate.PER_SEND ? key + "-e" + customer.send() : key;
    }

    /** The per-customer body. */
    String body(Customer customer) {
        return item(customer).build().toString();
    }

    /** The body of a batch request: the root template around the customers' items, each with its key. */
    String batchBody(List<Customer> customers) {
        var messages = JsonBodies.JSON.createArrayBuilder();
        for (Customer customer : customers) {
            messages.add(item(customer).add("key", key(customer)));
        }
        return JsonBodies.JSON.createObjectBuilder().add("messages", messages).build().toString();
    }

    private JsonObjectBuilder item(Customer customer) {
        return JsonBodies.JSON.createObjectBuilder()
                .add("to", customer.phone())
                .add("text", customer.text())
                .add("customer_id", customer.id())
                .add("scenario_id", "sim-" + run)
                .add("action_id", "a1");
    }
}
