package dev.doorface.camel.reconcile;

import java.util.Base64;
import java.util.List;

import dev.doorface.camel.model.DoorUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which fields make a held user "edited". */
class UserDiffTest {

    private static final String FACE = Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3 });
    private static final DoorUser HELD = new DoorUser("ann", "1", "secret", "Ann", "0", FACE);

    private static UserDiff diff(DoorUser held, DoorUser desired) {
        return UserDiff.between(List.of(held), List.of(desired));
    }

    @Test
    void photosAreComparedByTheHashOfTheirBytesNotTheirText() {
        DoorUser heldHashOnly = HELD.withoutPhoto();
        String sameBytesOtherText = "data:image/jpeg;base64," + FACE.substring(0, 2) + "\n" + FACE.substring(2);
        assertThat(diff(heldHashOnly, new DoorUser("ann", "1", "secret", "Ann", "0", sameBytesOtherText)).unchanged())
                .isEqualTo(1);
        String otherFace = Base64.getEncoder().encodeToString(new byte[] { 1, 2, 4 });
        assertThat(diff(heldHashOnly, new DoorUser("ann", "1", "secret", "Ann", "0", otherFace)).edits()).hasSize(1);
    }

    @Test
    void aPasswordIsComparedOnlyWhenTheTerminalReturnsIt() {
        DoorUser newPassword = new DoorUser("ann", "1", "changed", "Ann", "0", FACE);
        assertThat(diff(HELD, newPassword).edits()).containsExactly(newPassword);
        DoorUser heldWithoutPwd = new DoorUser("ann", "1", null, "Ann", "0", FACE);
        assertThat(diff(heldWithoutPwd, newPassword).unchanged()).isEqualTo(1);
    }

    @Test
    void aFieldTheDesiredUserLeavesOutIsNotCompared() {
        assertThat(diff(HELD, new DoorUser(null, "1", null, "Ann", null, null)).unchanged()).isEqualTo(1);
        assertThat(diff(HELD, new DoorUser(null, "1", null, "Anna", null, null)).edits()).hasSize(1);
    }

    @Test
    void deletesAreHeldUsersNotDesiredAndAddsAreDesiredUsersNotHeld() {
        DoorUser bob = new DoorUser("bob", "2", "pw", "Bob", "0", FACE);
        UserDiff diff = UserDiff.between(List.of(HELD), List.of(bob));
        assertThat(diff.deletes()).containsExactly("1");
        assertThat(diff.adds()).containsExactly(bob);
        assertThat(diff.edits()).isEmpty();
        assertThat(diff.unchanged()).isZero();
    }
}
