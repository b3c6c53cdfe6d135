package dev.doorface.camel.protocol;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.doorface.camel.model.DoorUser;
import dev.doorface.camel.model.Images;

/**
 * Reads a selectUser answer while its bytes arrive, without holding the answer: Jackson's non-blocking parser takes
 * the bytes chunk by chunk and this keeps, per user, the fields and the SHA-256 of the decoded photo, and the photo
 * itself only when asked. The parser holds at most the chunk being read and one value; a value longer than
 * maxValueLength (a photo bigger than any message may be) is an error. The answer's code and commandId may come
 * anywhere in its object, also after the users. Not thread-safe: feed it from one thread at a time.
 */
public final class UserListStream {

    /** The users of a streamed answer, as the payload of its {@link Answer}. */
    public record Users(List<DoorUser> users) {
    }

    private static final int DEPTH_TOP = 1;

    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private final boolean keepPhotos;
    private int depth;
    private boolean ended;
    private String topField;
    private String code;
    private String commandId;
    private String message;
    /** Which member ("content" or "data") the users were read from; content wins when both come. */
    private String usersFrom;
    private List<DoorUser> users;
    // the user being read
    private boolean inUsers;
    private String[] fields;
    private String userField;

    public UserListStream(boolean keepPhotos, int maxValueLength) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxValueLength).build())
                .build();
        try {
            this.parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("Jackson cannot create a non-blocking parser", e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.keepPhotos = keepPhotos;
    }

    /** Reads the next bytes of the answer; everything complete in them is taken, the rest waits for more. */
    public void feed(byte[] bytes) throws MalformedFrameException {
        try {
            feeder.feedInput(bytes, 0, bytes.length);
            readAvailable();
        } catch (IOException | RuntimeException e) {
            throw new MalformedFrameException("unreadable answer: " + LogMask.frame(e.getMessage()), true);
        }
    }

    /**
     * The answer is complete.
     *
     * @return the answer, whose payload is the {@link Users} for a success code, or the terminal's message
     */
    public Answer finish() throws MalformedFrameException {
        try {
            feeder.endOfInput();
            readAvailable();
        } catch (IOException | RuntimeException e) {
            throw new MalformedFrameException("unreadable answer: " + LogMask.frame(e.getMessage()), true);
        }
        if (!ended) {
            throw new MalformedFrameException("answer ends before its JSON object does", commandId != null);
        }
        if (commandId == null || code == null) {
            throw new MalformedFrameException("answer without " + (code == null ? "code" : "commandId"),
                    commandId != null);
        }
        JsonNode payload;
        if (users != null) {
            payload = new POJONode(new Users(users));
        } else if (message != null) {
            payload = new TextNode(message);
        } else {
            payload = MissingNode.getInstance();
        }
        return new Answer(commandId, code, payload);
    }

    /** The commandId, once read (null before, or when the answer has none). */
    public String commandId() {
        return commandId;
    }

    private void readAvailable() throws IOException, MalformedFrameException {
        JsonToken token;
        while ((token = parser.nextToken()) != null && token != JsonToken.NOT_AVAILABLE) {
            if (ended) {
                throw new MalformedFrameException("content after the answer's JSON object", commandId != null);
            }
            onToken(token);
        }
    }

    private void onToken(JsonToken token) throws IOException, MalformedFrameException {
        switch (token) {
            case START_OBJECT, START_ARRAY -> {
                if (depth == 0 && token != JsonToken.START_OBJECT) {
                    throw new MalformedFrameException("answer is not a JSON object", false);
                }
                depth++;
                if (depth == DEPTH_TOP + 1 && isUsersMember()) {
                    startUsers();
                    if (token == JsonToken.START_OBJECT) {
                        startUser(); // a single user instead of a list
                    } else {
                        inUsers = true;
                    }
                } else if (inUsers && depth == DEPTH_TOP + 2 && token == JsonToken.START_OBJECT) {
                    startUser();
                }
            }
            case END_OBJECT, END_ARRAY -> {
                if (fields != null && (depth == DEPTH_TOP + 2 && inUsers || depth == DEPTH_TOP + 1 && !inUsers)) {
                    endUser();
                }
                if (depth == DEPTH_TOP + 1) {
                    inUsers = false;
                }
                depth--;
                if (depth == 0) {
                    ended = true;
                }
            }
            case FIELD_NAME -> {
                if (depth == DEPTH_TOP) {
                    topField = parser.currentName();
                } else if (fields != null && userDepth()) {
                    userField = parser.currentName();
                }
            }
            default -> onValue(token);
        }
    }

    private void onValue(JsonToken token) throws IOException {
        String text = token == JsonToken.VALUE_NULL ? null : parser.getText();
        if (depth == DEPTH_TOP) {
            if ("code".equals(topField)) {
                code = text;
            } else if ("commandId".equals(topField)) {
                commandId = text;
            } else if (isUsersMember() && users == null) {
                message = text; // an error answer's text
            }
        } else if (fields != null && userDepth() && userField != null) {
            int index = fieldIndex(userField);
            if (index >= 0) {
                fields[index] = text;
            }
        }
    }

    /** Where a user field is kept, in DoorUser's order; -1 for fields a user does not have. */
    private static int fieldIndex(String name) {
        return switch (name) {
            case "user" -> 0;
            case "userId" -> 1;
            case "pwd" -> 2;
            case "name" -> 3;
            case "role" -> 4;
            case "img" -> 5;
            default -> -1;
        };
    }

    private boolean userDepth() {
        return inUsers ? depth == DEPTH_TOP + 2 : depth == DEPTH_TOP + 1;
    }

    private boolean isUsersMember() {
        return "content".equals(topField) || "data".equals(topField) && !"content".equals(usersFrom);
    }

    private void startUsers() {
        usersFrom = topField;
        users = new ArrayList<>();
        message = null;
    }

    private void startUser() {
        fields = new String[6];
        userField = null;
    }

    private void endUser() {
        String img = fields[5];
        String sha = img == null ? null : Images.sha256(img);
        users.add(new DoorUser(fields[0], fields[1], fields[2], fields[3], fields[4], keepPhotos ? img : null, sha));
        fields = null;
        userField = null;
    }
}
