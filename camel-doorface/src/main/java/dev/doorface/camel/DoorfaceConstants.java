package dev.doorface.camel;

import org.apache.camel.spi.Metadata;

/**
 * Message headers of the doorface component. Consumers set them on every exchange; producers read the ones marked as
 * overrides and set the result headers.
 */
public final class DoorfaceConstants {

    @Metadata(description = "Serial number (sn) of the terminal. Consumer: the terminal the event came from. Producer: the"
                            + " terminal to send the command to, overriding the deviceSn option; an asterisk sends"
                            + " to every registered terminal.",
              javaType = "String")
    public static final String DEVICE_SN = "CamelDoorfaceDeviceSn";

    @Metadata(label = "consumer", description = "Kind of event: REGISTERED, ACCESS, USER_ADDED, HEARTBEAT, DISCONNECTED or"
                                                    + " COMMAND_RESULT.",
              javaType = "String", enums = "REGISTERED,ACCESS,USER_ADDED,HEARTBEAT,DISCONNECTED,COMMAND_RESULT")
    public static final String EVENT_KIND = "CamelDoorfaceEventKind";

    @Metadata(description = "Event id as the terminal numbered it (unique per terminal only: (sn, eventId) identifies an"
                            + " event). Consumer: set for ACCESS and USER_ADDED. Producer: the event to look up with"
                            + " queryEvent when the body does not name one.",
              javaType = "String")
    public static final String EVENT_ID = "CamelDoorfaceEventId";

    @Metadata(description = "Employee number (userId). Consumer: the user of an ACCESS or USER_ADDED event. Producer: the"
                            + " user for deleteUser or selectUser when the body does not name one.",
              javaType = "String")
    public static final String USER_ID = "CamelDoorfaceUserId";

    @Metadata(label = "consumer", description = "Door direction of an ACCESS event: 0 in, 1 out.", javaType = "String")
    public static final String DOOR = "CamelDoorfaceDoor";

    @Metadata(label = "consumer", description = "Remote address (ip:port) of the terminal's connection.",
              javaType = "String")
    public static final String REMOTE_ADDRESS = "CamelDoorfaceRemoteAddress";

    @Metadata(label = "consumer", description = "Number of events in the body (a java.util.List), when the consumer"
                                                    + " hands over batches (batchSize over 1). Not set otherwise.",
              javaType = "Integer")
    public static final String BATCH_SIZE = "CamelDoorfaceBatchSize";

    @Metadata(label = "consumer", description = "Set by a route that takes batches (batchSize over 1) to the events of"
                                                    + " the batch it could not handle, as a java.util.Collection of"
                                                    + " the events themselves or of their indexes in the batch (from"
                                                    + " 0): when the exchange completes, their terminals are answered"
                                                    + " 500 (they report them again) and the others 200. Without it,"
                                                    + " every terminal of a completed batch is answered 200.",
              javaType = "java.util.Collection")
    public static final String FAILED_EVENTS = "CamelDoorfaceFailedEvents";

    @Metadata(label = "producer", description = "The command to send, overriding the operation option.",
              javaType = "dev.doorface.camel.DoorfaceOperation",
              enums = "addUser,deleteUser,editUser,selectUser,compareUser,queryEvent,listCommands,cancelCommand,reconcile")
    public static final String OPERATION = "CamelDoorfaceOperation";

    @Metadata(description = "The commandId the command was sent with (not set for broadcasts); for a queued"
                                                    + " command, the id it is stored under. cancelCommand reads the"
                                                    + " command to cancel from it. Consumer: the command a"
                                                    + " COMMAND_RESULT event is about.",
              javaType = "String")
    public static final String COMMAND_ID = "CamelDoorfaceCommandId";

    @Metadata(label = "producer", description = "The code the terminal answered with (200, 203, 204 or 208 on success).",
              javaType = "String")
    public static final String RESULT_CODE = "CamelDoorfaceResultCode";

    private DoorfaceConstants() {
    }
}
