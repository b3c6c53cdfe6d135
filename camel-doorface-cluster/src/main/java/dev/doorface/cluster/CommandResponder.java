package dev.doorface.cluster;

import java.util.Arrays;
import java.util.concurrent.CompletionException;

import dev.doorface.camel.cluster.LocalGateway;
import dev.doorface.camel.exception.CommandTimeoutException;
import dev.doorface.camel.exception.InvalidCommandException;
import dev.doorface.camel.exception.TerminalDisconnectedException;
import dev.doorface.camel.exception.TerminalNotConnectedException;
import dev.doorface.camel.gateway.OutboundCommand;
import dev.doorface.camel.gateway.SharedContent;
import dev.doorface.camel.protocol.Answer;
import dev.doorface.camel.protocol.AnswerCodec;
import io.nats.client.Message;
import io.nats.client.MessageHandler;
import io.nats.client.impl.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the commands other nodes route here to the terminals connected here, and replies with the answer or what went
 * wrong. The content is checked to be a JSON object before it goes to a terminal: a message that is not a command's
 * content never reaches one.
 */
final class CommandResponder implements MessageHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CommandResponder.class);

    private final LocalGateway gateway;
    private final NodeBus bus;

    CommandResponder(LocalGateway gateway, NodeBus bus) {
        this.gateway = gateway;
        this.bus = bus;
    }

    @Override
    public void onMessage(Message message) {
        String replyTo = message.getReplyTo();
        if (replyTo == null || message.getHeaders() == null) {
            LOG.debug("Dropping a command message without reply subject or headers on {}", message.getSubject());
            return;
        }
        // here, on NATS's dispatcher: nothing below blocks (the content is only skimmed, the mailbox takes the
        // command at once), and a hand-over to a worker would cost a thread wake-up per command
        handle(message, replyTo);
    }

    private void handle(Message message, String replyTo) {
        Headers headers = message.getHeaders();
        String sn = headers.getFirst(BusHeaders.SN);
        OutboundCommand command;
        try {
            command = command(headers, message.getData());
        } catch (RuntimeException e) {
            reply(replyTo, Outcome.INVALID, "unreadable command for " + sn + ": " + e.getMessage(), null);
            return;
        }
        gateway.send(sn, command).whenComplete((answer, error) -> {
            if (error == null) {
                reply(replyTo, Outcome.ANSWER, null, answer);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            if (cause instanceof TerminalNotConnectedException) {
                reply(replyTo, Outcome.NOT_HERE, null, null);
            } else if (cause instanceof TerminalDisconnectedException) {
                reply(replyTo, Outcome.DISCONNECTED, null, null);
            } else if (cause instanceof CommandTimeoutException) {
                reply(replyTo, Outcome.TIMEOUT, null, null);
            } else if (cause instanceof InvalidCommandException) {
                reply(replyTo, Outcome.INVALID, cause.getMessage(), null);
            } else {
                reply(replyTo, Outcome.FAILED, String.valueOf(cause.getMessage()), null);
            }
        });
    }

    private static OutboundCommand command(Headers headers, byte[] body) {
        String sn = headers.getFirst(BusHeaders.SN);
        if (sn == null || sn.isBlank()) {
            throw new IllegalArgumentException("no terminal named");
        }
        SharedContent content = null;
        if (!"none".equals(headers.getFirst(BusHeaders.CONTENT))) {
            content = SharedContent.fromOtherNode(body);
        }
        long timeout = Long.parseLong(headers.getFirst(BusHeaders.TIMEOUT));
        if (timeout <= 0) {
            throw new IllegalArgumentException("timeout " + timeout);
        }
        return new OutboundCommand(headers.getFirst(BusHeaders.COMMAND_ID), headers.getFirst(BusHeaders.OPERATION),
                content, timeout, Boolean.parseBoolean(headers.getFirst(BusHeaders.PHOTOS)));
    }

    /** Replies in parts when the answer is bigger than one message may be. */
    private void reply(String replyTo, Outcome outcome, String note, Answer answer) {
        try {
            byte[] body = answer == null ? new byte[0] : AnswerCodec.encode(answer);
            int room = (int) Math.max(1024, bus.maxPayload() - RemoteCommands.HEADER_ROOM);
            int parts = Math.max(1, (body.length + room - 1) / room);
            for (int part = 1; part <= parts; part++) {
                Headers headers = new Headers().add(BusHeaders.OUTCOME, outcome.name());
                if (note != null) {
                    headers.add(BusHeaders.MESSAGE, BusHeaders.printable(note));
                }
                if (parts > 1) {
                    headers.add(BusHeaders.PART, Integer.toString(part)).add(BusHeaders.PARTS,
                            Integer.toString(parts));
                }
                byte[] piece = parts == 1 ? body
                        : Arrays.copyOfRange(body, (part - 1) * room, Math.min(body.length, part * room));
                bus.publish(replyTo, null, headers, piece);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not reply to a command from another node: {}", e.toString());
        }
    }
}
