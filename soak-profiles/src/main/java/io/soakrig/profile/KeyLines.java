package io.soakrig.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key of a YAML document sits, by JSON Pointer.
 *
 * <p>Jackson reports a location for syntax and binding errors but a validated value has lost
 * its position by the time a rule rejects it. One extra streaming pass over the same bytes
 * remembers the line of every key and array element, so a semantic error can name its line too.
 */
final class KeyLines {
    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static KeyLines index(JsonFactory factory, byte[] document) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = factory.createParser(document)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME || parser.getParsingContext().inArray()
                        || token.isStructStart()) {
                    String pointer = pointerOfCurrentValue(parser, token);
                    lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
                }
            }
        }
        return new KeyLines(lines);
    }

    private static String pointerOfCurrentValue(JsonParser parser, JsonToken token) {
        if (token.isStructStart()) {
            // the context has already moved into the new container; its parent holds our name
            return parser.getParsingContext().getParent().pathAsPointer().toString();
        }
        return parser.getParsingContext().pathAsPointer().toString();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /** Line of the key at {@code pointer}, or of its nearest present ancestor when it is missing. */
    int lineOf(JsonPointer pointer) {
        for (JsonPointer p = pointer; p != null; p = p.head()) {
            Integer line = lines.get(p.toString());
            if (line != null) {
                return line;
            }
        }
        return 1;
    }
}
