package dev.herald.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HTML standard's event stream interpretation, case by case, whole and in every split. */
class EventStreamParserTest {

    private final List<ServerSentEvent> events = new ArrayList<>();
    private final List<Long> retries = new ArrayList<>();
    private EventStreamParser parser = parser("", 1 << 20);

    @Test
    void dataLinesAreJoinedWithLineFeedsAndTheLastOneDropped() throws Exception {
        feed("data: one\ndata\ndata:three\n\n");
        assertEquals(List.of(new ServerSentEvent("", "message", "one\n\nthree")), events);
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDropped() throws Exception {
        feed("data:  two spaces\nevent: \tbook\n\n");
        assertEquals(List.of(new ServerSentEvent("", "\tbook", " two spaces")), events);
    }

    @Test
    void crLfAndCrLfAllEndLinesAlsoWhenACrLfIsSplitBetweenReads() throws Exception {
        feed("data: a\rdata: b\r\ndata: c\n");
        feed("data: d\r");
        feed("\ndata: e\r\n\r");
        feed("\n");
        assertEquals(List.of(new ServerSentEvent("", "message", "a\nb\nc\nd\ne")), events,
                "a split CRLF is one line end, not an empty line that would dispatch early");
    }

    @Test
    void aLeadingByteOrderMarkIsIgnoredOnlyAtTheStart() throws Exception {
        feed("\uFEFFdata: first\n\n\uFEFFdata: ignored field\n\n");
        assertEquals(List.of(new ServerSentEvent("", "message", "first")), events);
    }

    @Test
    void commentsAndUnknownFieldsAreIgnored() throws Exception {
        feed(":\nretry: 3000\n\n: heartbeat\n\nfoo: bar\ndata: x\n: in between\n\n");
        assertEquals(List.of(new ServerSentEvent("", "message", "x")), events);
        assertEquals(List.of(3000L), retries);
    }

    @Test
    void retryIsTakenOnlyWhenItIsAllDigits() throws Exception {
        feed("retry: 1500\nretry: 15s\nretry:\nretry: -1\nretry: 99999999999999999999999\n\n");
        assertEquals(List.of(1500L, Long.MAX_VALUE), retries);
    }

    @Test
    void theIdStaysUntilAnotherReplacesItAndAnIdWithNulIsIgnored() throws Exception {
        feed("id: 1\ndata: a\n\ndata: b\n\nid: 2\u0000\ndata: c\n\nid\ndata: d\n\n");
        assertEquals(List.of("1", "1", "1", ""), events.stream().map(ServerSentEvent::id).toList());
    }

    @Test
    void anEventWithoutDataIsNotDispatchedButItsIdIsTaken() throws Exception {
        feed("id: 7\nevent: nothing\n\ndata: after\n\n");
        assertEquals(List.of(new ServerSentEvent("7", "message", "after")), events,
                "the type of the undispatched event does not carry over");
        assertEquals("7", parser.lastEventId());
    }

    @Test
    void anEmptyDataLineIsAnEventWithEmptyData() throws Exception {
        feed("data:\n\ndata\n\n");
        assertEquals(List.of(new ServerSentEvent("", "message", ""), new ServerSentEvent("", "message", "")),
                events);
    }

    @Test
    void theTypeAppliesToOneEventOnly() throws Exception {
        feed("event: book\ndata: a\n\ndata: b\n\n");
        assertEquals(List.of("book", "message"), events.stream().map(ServerSentEvent::type).toList());
    }

    @Test
    void anEventTheStreamEndsInIsNotDispatched() throws Exception {
        feed("data: complete\n\ndata: cut off\n");
        assertEquals(1, events.size());
    }

    @Test
    void theLastEventIdGivenAtTheStartIsTheIdOfEventsWithoutOne() throws Exception {
        parser = parser("urn:uuid:before", 1 << 20);
        feed("event: gap\ndata: {}\n\n");
        assertEquals(List.of(new ServerSentEvent("urn:uuid:before", "gap", "{}")), events);
    }

    @Test
    void utf8IsDecodedAcrossReadsAndBadBytesBecomeReplacementCharacters() throws Exception {
        byte[] bytes = "data: é€😀\n\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        parser.feed(ByteBuffer.wrap(new byte[] {'d', 'a', 't', 'a', ':', (byte) 0xff, (byte) 0xc3, '\n', '\n'}));
        assertEquals(List.of("é€😀", "\uFFFD\uFFFD"), events.stream().map(ServerSentEvent::data).toList());
    }

    @Test
    void everySplitOfAStreamGivesTheSameEvents() throws Exception {
        String stream = "\uFEFF:\r\nretry: 3000\r\n\r\nid: a\r\nevent: book\rdata: x\r\ndata:\ndata: y\r\n\r\n"
                + ": heartbeat\n\nid: b\ndata: z\r\r";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        List<ServerSentEvent> expected = List.of(new ServerSentEvent("a", "book", "x\n\ny"),
                new ServerSentEvent("b", "message", "z"));
        for (int split = 0; split <= bytes.length; split++) {
            events.clear();
            parser = parser("", 1 << 20);
            parser.feed(ByteBuffer.wrap(bytes, 0, split));
            parser.feed(ByteBuffer.wrap(bytes, split, bytes.length - split));
            assertEquals(expected, events, "split at " + split);
        }
    }

    @Test
    void aLineOrAnEventOverTheLimitIsRefusedAndCommentsAndManySmallEventsAreNot() throws Exception {
        parser = parser("", 24);
        feed("data: 01234\n: heartbeat 789\n: heartbeat 789\ndata: 01234\n\n");
        assertEquals(1, events.size(), "comments are no part of an event");
        assertThrows(EventTooLargeException.class, () -> feed(": a comment over the limit of 24 bytes\n"),
                "one line over the limit, even a comment");

        events.clear();
        parser = parser("", 16);
        for (int i = 0; i < 1000; i++) {
            feed("data: 0123456\n\n");
        }
        assertEquals(1000, events.size(), "the limit is per event, not per stream");
        assertThrows(EventTooLargeException.class, () -> feed("data: 0123456\ndata: 0123456\n"),
                "lines that are short alone but too long together");
    }

    private EventStreamParser parser(String lastEventId, int maxEventBytes) {
        return new EventStreamParser(lastEventId, maxEventBytes, new EventStreamParser.Handler() {
            @Override
            public void event(ServerSentEvent event) {
                events.add(event);
            }

            @Override
            public void retry(long millis) {
                retries.add(millis);
            }
        });
    }

    private void feed(String text) throws EventTooLargeException {
        parser.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
