package dev.herald.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PublishFormTest {

    @Test
    void everyFieldIsFormEncodedWithTopicsInOrder() {
        Publication update = Publication.to("https://example.com/books/1?x=y", "urn:alternate")
                .data("a&b=c é\nline two").id("urn:id:1").type("book").asPrivate().retry(1500);
        assertEquals("topic=https%3A%2F%2Fexample.com%2Fbooks%2F1%3Fx%3Dy&topic=urn%3Aalternate"
                + "&data=a%26b%3Dc+%C3%A9%0Aline+two&id=urn%3Aid%3A1&type=book&private=on&retry=1500",
                PublishForm.encode(update));
    }

    @Test
    void absentFieldsAreLeftOutAndEmptyDataIsSent() {
        assertEquals("topic=t", PublishForm.encode(Publication.to("t")));
        assertEquals("topic=t&data=", PublishForm.encode(Publication.to("t").data("")));
    }

    @Test
    void anUpdateNeedsATopic() {
        assertThrows(IllegalArgumentException.class, Publication::to);
    }
}
