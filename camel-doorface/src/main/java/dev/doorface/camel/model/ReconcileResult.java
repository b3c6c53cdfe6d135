package dev.doorface.camel.model;

import java.util.List;

/**
 * What a reconcile of one terminal did.
 *
 * @param sn        the terminal
 * @param added     users added (addUser answered 200)
 * @param edited    users changed (editUser answered 200)
 * @param deleted   users deleted (deleteUser answered 200)
 * @param unchanged users the terminal already held as desired: nothing sent for them
 * @param failed    the commands that did not succeed, in the order they were tried, with the reason
 */
public record ReconcileResult(String sn, int added, int edited, int deleted, int unchanged,
        List<ReconcileFailure> failed) {

    public ReconcileResult {
        failed = List.copyOf(failed);
    }
}
