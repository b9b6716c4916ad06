package io.hookpoint.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.hookpoint.sms.SmsStatus;
import io.hookpoint.sms.StoredSms;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The log gateway's line: the message, the masked number, parts and encoding, with its source named. */
class LogGatewayTest {
    @Test
    void logsOneLineWithTheNumberMaskedAndItsSourceNamed() {
        Logger logger = Logger.getLogger(LogGateway.class.getName());
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            DeliveryResult result = new LogGateway().send(new StoredSms("m-1", "alice", "k1", "+420777123456", null,
                    "secret text", "GSM-7", 2, null, null, null, null, SmsStatus.SENDING, 0, 0, 1, null, null));
            assertThat(result).isInstanceOf(DeliveryResult.Sent.class);
        } finally {
            logger.removeHandler(capture);
        }
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.INFO);
            assertThat(record.getMessage()).isEqualTo("SMS m-1 to +420******456: 2 part(s), GSM-7");
            // named, not found by walking the stack, and nothing left to MessageFormat
            assertThat(record.getSourceClassName()).isEqualTo(LogGateway.class.getName());
            assertThat(record.getSourceMethodName()).isEqualTo("send");
            assertThat(record.getParameters()).isNull();
        });
    }

    @Test
    void linesWaitingForTheLogAreWrittenTogetherEachOnceBeforeTheirSendReturns() throws Exception {
        Logger logger = Logger.getLogger(LogGateway.class.getName());
        List<String> written = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch othersStarted = new java.util.concurrent.CountDownLatch(20);
        java.util.concurrent.atomic.AtomicInteger records = new java.util.concurrent.atomic.AtomicInteger();
        Handler slow = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (records.getAndIncrement() == 0) {
                    // the first record is slow to write: the other senders' lines queue up behind it
                    try {
                        othersStarted.await();
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                written.addAll(List.of(record.getMessage().split("\n")));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(slow);
        LogGateway gateway = new LogGateway();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> sends = new java.util.ArrayList<>();
            sends.add(threads.submit(() -> gateway.send(sms("first"))));
            for (int i = 0; i < 20; i++) {
                String id = "m-" + i;
                sends.add(threads.submit(() -> {
                    othersStarted.countDown();
                    gateway.send(sms(id));
                    // returned: its line is written
                    assertThat(written).contains(LogGateway.line(sms(id)));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> send : sends) {
                send.get();
            }
        } finally {
            logger.removeHandler(slow);
        }
        assertThat(written).hasSize(21).doesNotHaveDuplicates();
        assertThat(records.get()).as("the lines that waited went out together").isLessThan(21);
    }

    private static StoredSms sms(String id) {
        return new StoredSms(id, "alice", "k-" + id, "+420777123456", null, "text", "GSM-7", 1, null, null, null,
                null, SmsStatus.SENDING, 0, 0, 1, null, null);
    }
}
