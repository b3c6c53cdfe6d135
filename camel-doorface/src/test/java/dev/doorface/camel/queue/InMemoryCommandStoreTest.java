package dev.doorface.camel.queue;

class InMemoryCommandStoreTest extends CommandStoreContract {

    @Override
    CommandStore store() {
        return new InMemoryCommandStore();
    }
}
