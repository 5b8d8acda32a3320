package dev.herald.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SseFrameTest {

    @Test
    void writesEveryFieldInOrder() {
        assertEquals("id: urn:x\nevent: book\nretry: 2500\ndata: hello\n\n",
                text(SseFrame.event("urn:x", "book", 2500L, "hello")));
    }

    @Test
    void everyLineBreakStartsANewDataLineSoNoFieldCanBeInjected() {
        String data = "line1\n\nline3\r\nline4\rid: forged\n\nevent: evil";
        assertEquals("id: 1\ndata: line1\ndata: \ndata: line3\ndata: line4\ndata: id: forged\ndata: \n"
                + "data: event: evil\n\n", text(SseFrame.event("1", null, null, data)));
    }

    @Test
    void anEmptyOrMissingPayloadIsStillAnEvent() {
        assertEquals("id: 1\ndata: \n\n", text(SseFrame.event("1", null, null, null)));
        assertEquals("data: \ndata: \n\n", text(SseFrame.event(null, null, null, "\n")));
    }

    @Test
    void payloadsAreUtf8() {
        assertEquals("data: 你好 ✓\n\n", text(SseFrame.event(null, null, null, "你好 ✓")));
    }

    @Test
    void theOpeningCarriesTheRetryHint() {
        assertEquals(":\nretry: 3000\n\n", text(SseFrame.opening(3000)));
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
