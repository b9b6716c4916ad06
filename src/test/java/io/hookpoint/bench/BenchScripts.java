package io.hookpoint.bench;

/** The wrk scripts of {@link Bench}: single requests with distinct or replayed keys, and batches. */
final class BenchScripts {
    private BenchScripts() {
    }

    static String sms(String authorization, boolean replays) {
        String key = replays ? "\"replay-\" .. (counter % 100)" : "string.format(\"k-%d-%d-%d\", run, id, counter)";
        return """
                local counter = 0
                local run = math.random(1, 1000000000) + os.time()
                request = function()
                  counter = counter + 1
                  local key = %s
                  return wrk.format("POST", nil, {
                    ["Content-Type"] = "application/json",
                    ["Authorization"] = "%s",
                    ["Idempotency-Key"] = key
                  }, '{"to":"+420777123456","text":"Hello from the benchmark","customer_id":"' .. key .. '"}')
                end
                """.formatted(key, authorization);
    }

    static String batch(String authorization, int items) {
        return """
                local counter = 0
                local run = math.random(1, 1000000000) + os.time()
                request = function()
                  counter = counter + 1
                  local parts = {}
                  for i = 1, %d do
                    parts[i] = string.format('{"key":"b-%%d-%%d-%%d-%%d","to":"+420777%%06d","text":"Hello customer %%d"}',
                      run, id, counter, i, i, i)
                  end
                  return wrk.format("POST", nil, {
                    ["Content-Type"] = "application/json",
                    ["Authorization"] = "%s"
                  }, '{"messages":[' .. table.concat(parts, ",") .. ']}')
                end
                """.formatted(items, authorization);
    }
}
