package dev.doorface.camel;

import org.apache.camel.health.HealthCheck;

/** What every doorface health check shares: its id, Camel's group, and whether it is enabled. */
abstract class NamedHealthCheck implements HealthCheck {

    private final String id;
    private volatile boolean enabled = true;

    NamedHealthCheck(String id) {
        this.id = id;
    }

    @Override
    public String getGroup() {
        return "camel";
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
