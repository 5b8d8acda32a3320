package dev.herald.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlEncodedFormTest {

    @Test
    void keepsRepeatedFieldsInOrderAndDecodesThem() {
        UrlEncodedForm form = UrlEncodedForm.parse("topic=a&topic=https%3A%2F%2Fexample.com%2F%7Bid%7D&data=two+words%0Aline&private");
        assertEquals(List.of("a", "https://example.com/{id}"), form.all("topic"));
        assertEquals("two words\nline", form.first("data"));
        assertTrue(form.has("private"));
        assertEquals("", form.first("private"));
        assertFalse(form.has("id"));
        assertNull(form.first("id"));
    }

    @Test
    void emptyTextHasNoFields() {
        assertEquals(List.of(), UrlEncodedForm.parse(null).all("topic"));
        assertEquals(List.of(), UrlEncodedForm.parse("").all("topic"));
    }

    @Test
    void aBrokenEscapeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UrlEncodedForm.parse("data=%zz"));
    }
}
