package dev.herald.testing;

import dev.herald.hub.EventSink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An in-memory sink for unit tests of delivery: keeps every frame it is sent, in order. */
public final class RecordingSink implements EventSink {

    private static final Pattern ID = Pattern.compile("^id: (.*)$", Pattern.MULTILINE);

    private final List<byte[]> frames = new ArrayList<>();
    private boolean closed;

    @Override
    public synchronized boolean send(byte[] frame) {
        frames.add(frame);
        return !closed;
    }

    @Override
    public long stalledNanos() {
        return 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    public synchronized boolean closed() {
        return closed;
    }

    /** Everything received, as one text. */
    public synchronized String text() {
        StringBuilder text = new StringBuilder();
        frames.forEach(frame -> text.append(new String(frame, StandardCharsets.UTF_8)));
        return text.toString();
    }

    /** The ids of the events received, in order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        Matcher matcher = ID.matcher(text());
        while (matcher.find()) {
            ids.add(matcher.group(1));
        }
        return ids;
    }
}
