package io.hookpoint.lab;

import java.util.Map;
import java.util.TreeMap;

/**
 * The picture of a run: one self-contained HTML page (inline SVG, no script, no external file) with the
 * messages per second at each hop over time, the troubles marked, and the outcome of every customer-message.
 */
final class LabPicture {
    private static final String[] COLOURS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    private static final int W = 900;
    private static final int H = 320;
    private static final int PAD = 50;

    private LabPicture() {
    }

    static String html(LabReport report) {
        Timeline timeline = report.timeline();
        long last = 1;
        long peak = 1;
        for (Timeline.Hop hop : Timeline.Hop.values()) {
            TreeMap<Long, Long> series = timeline.series(hop);
            if (!series.isEmpty()) {
                last = Math.max(last, series.lastKey() + 1);
                peak = Math.max(peak, series.values().stream().mapToLong(Long::longValue).max().orElse(1));
            }
        }
        StringBuilder svg = new StringBuilder();
        svg.append(String.format("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>", W, H + 40));
        svg.append(String.format("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#000'/>", PAD, H, W - 10, H));
        svg.append(String.format("<line x1='%d' y1='10' x2='%d' y2='%d' stroke='#000'/>", PAD, PAD, H));
        svg.append(String.format("<text x='5' y='20'>%d/s</text><text x='%d' y='%d'>%d s</text>", peak, W - 60, H + 15, last));
        for (var mark : timeline.marks().entrySet()) {
            double x = x(mark.getValue() / 1000.0, last);
            svg.append(String.format("<line x1='%.1f' y1='10' x2='%.1f' y2='%d' stroke='#999' stroke-dasharray='4'/>"
                    + "<text x='%.1f' y='%d' font-size='10' transform='rotate(-90 %.1f %d)'>%s</text>",
                    x, x, H, x + 10, H - 5, x + 10, H - 5, escape(mark.getKey())));
        }
        int i = 0;
        for (Timeline.Hop hop : Timeline.Hop.values()) {
            StringBuilder points = new StringBuilder();
            TreeMap<Long, Long> series = timeline.series(hop);
            for (long s = 0; s < last; s++) {
                long n = series.getOrDefault(s, 0L);
                points.append(String.format("%.1f,%.1f ", x(s + 0.5, last), H - (H - 10) * (double) n / peak));
            }
            String colour = COLOURS[i % COLOURS.length];
            svg.append(String.format("<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>", colour, points));
            svg.append(String.format("<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d'>%s</text>",
                    PAD + 10 + i * 210, H + 25, colour, PAD + 25 + i * 210, H + 34, escape(hop.label)));
            i++;
        }
        svg.append("</svg>");
        StringBuilder bars = new StringBuilder();
        Map<String, Long> outcomes = report.outcomes();
        long total = Math.max(1, outcomes.values().stream().mapToLong(Long::longValue).sum());
        int y = 10;
        int j = 0;
        bars.append(String.format("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>",
                W, outcomes.size() * 24 + 20));
        for (var e : outcomes.entrySet()) {
            double width = Math.max(1, (W - 420) * (double) e.getValue() / total);
            bars.append(String.format("<text x='0' y='%d'>%s</text><rect x='330' y='%d' width='%.1f' height='16' fill='%s'/>"
                    + "<text x='%.1f' y='%d'>%d (%.1f%%)</text>", y + 12, escape(e.getKey()), y, width,
                    COLOURS[j++ % COLOURS.length], 336 + width, y + 12, e.getValue(), 100.0 * e.getValue() / total));
            y += 24;
        }
        bars.append("</svg>");
        return "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Hookpoint campaign lab</title>"
                + "<style>body{font-family:sans-serif;margin:20px}pre{background:#f4f4f4;padding:10px;font-size:12px}</style>"
                + "</head><body><h1>Campaign lab: " + (report.passed() ? "PASS" : "FAIL") + "</h1>"
                + "<h2>Messages per second at each hop</h2>" + svg + "<h2>Every customer-message</h2>" + bars
                + "<h2>Report</h2><pre>" + escape(report.text()) + "</pre></body></html>\n";
    }

    private static double x(double second, long last) {
        return PAD + (W - 10 - PAD) * second / last;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
