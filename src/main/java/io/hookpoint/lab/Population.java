package io.hookpoint.lab;

/**
 * The campaign's synthetic customers and what the world does with them, all derived from the customer's
 * number and the seed, so the stubs and the report agree without sharing state: whose data is unusable
 * (every n-th: alternately an empty phone number, error 1001, and a text too long for one SMS, 1004), whose
 * number the provider refuses (Twilio 21614), whose handset is unreachable (undelivered, 30003), and who
 * replies STOP to the first message.
 */
final class Population {
    private static final String TOO_LONG = "This text is far too long for one SMS. ".repeat(6);

    private final LabOptions options;
    private final int badEvery;

    /**
     * One customer as the webhook template renders them for one round.
     *
     * @param number   1-based
     * @param id       the customer id
     * @param phone    the rendered phone number (empty when the customer has none)
     * @param text     the rendered text
     * @param badCode  the per-customer error code Hookpoint must answer (1001, 1004), or 0 for good data
     */
    record Customer(int number, String id, String phone, String text, int badCode) {
    }

    Population(LabOptions options) {
        this.options = options;
        this.badEvery = options.badDataShare() <= 0 ? 0 : (int) Math.max(1, Math.round(1 / options.badDataShare()));
    }

    Customer customer(int number, int round) {
        String phone = phone(number);
        String text = round == 1 ? "Hello customer " + number + ", your code is " + (100_000 + number % 900_000) + "."
                : "Customer " + number + ", your order has shipped.";
        if (badEvery > 0 && number % badEvery == 0) {
            return (number / badEvery) % 2 == 1 ? new Customer(number, id(number), "", text, 1001)
                    : new Customer(number, id(number), phone, TOO_LONG, 1004);
        }
        return new Customer(number, id(number), phone, text, 0);
    }

    static String id(int number) {
        return "lab-customer-" + number;
    }

    static String phone(int number) {
        return "+420777" + String.format("%06d", number);
    }

    /** The customer's number of a phone number, or 0 when it is none of the lab's. */
    static int number(String phone) {
        if (phone == null || !phone.startsWith("+420777") || phone.length() != 13) {
            return 0;
        }
        try {
            return Integer.parseInt(phone.substring(7));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether the provider refuses the number for good (Twilio 21614, not a mobile number). */
    boolean rejected(int number) {
        return share(number, 1) < options.rejectedShare();
    }

    /** Whether the handset cannot be reached (Twilio reports undelivered, 30003). */
    boolean undelivered(int number) {
        double h = share(number, 1);
        return h >= options.rejectedShare() && h < options.rejectedShare() + options.undeliveredShare();
    }

    /** Whether the customer replies STOP to the first message that reaches the handset. */
    boolean stops(int number) {
        return share(number, 2) < options.stopShare();
    }

    /** Whether the n-th request of a round is delivered twice by Bloomreach. */
    boolean duplicated(int number, int round) {
        return share(number, 10 + round) < options.duplicateShare();
    }

    /**
     * A uniform number in [0, 1) from the customer, a salt and the seed (SplitMix64).
     *
     * @param number the customer
     * @param salt   which decision
     * @return the number
     */
    double share(long number, long salt) {
        long z = number * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + options.seed();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
