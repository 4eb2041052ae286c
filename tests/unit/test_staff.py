"""Staff roles, PINs and refund limits, enforced by the service itself."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from clover_desk.api.money import Money
from clover_desk.services.staff.accounts import (
    LOCKOUT_SECONDS,
    MAX_FAILED_PINS,
    TRAINING_STAFF,
    AccountLocked,
    Permission,
    PermissionRefused,
    RefundApproval,
    Role,
    StaffDirectory,
    StaffError,
    WrongPin,
    refund_approval,
    seed_training_staff,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def directory(tmp_path: Path, clock: FakeClock) -> Iterator[StaffDirectory]:
    d = StaffDirectory(tmp_path / "staff.sqlite", clock=clock)
    yield d
    d.close()


def usd(cents: int) -> Money:
    return Money(cents, "USD")


def test_the_first_account_must_be_an_owner_and_only_owners_add_staff(
    directory: StaffDirectory,
) -> None:
    with pytest.raises(PermissionRefused):
        directory.add("Cora", Role.CLERK, "1234")
    owner = directory.add("Olivia", Role.OWNER, "1111")
    clerk = directory.add("Cora", Role.CLERK, "3333", refund_limit=usd(5000), by=owner)
    with pytest.raises(PermissionRefused):
        directory.add("Sam", Role.CLERK, "4444", by=clerk)
    with pytest.raises(PermissionRefused):
        directory.add("Sam", Role.CLERK, "4444")
    assert {m.name for m in directory.members()} == {"Olivia", "Cora"}


def test_pins_are_stored_only_as_salted_scrypt_hashes(tmp_path: Path) -> None:
    path = tmp_path / "staff.sqlite"
    directory = StaffDirectory(path)
    owner = directory.add("Olivia", Role.OWNER, "1111")
    directory.add("Marcus", Role.MANAGER, "1111", by=owner)
    directory.close()
    raw = path.read_bytes()
    assert b"1111" not in raw
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT pin_salt, pin_hash FROM staff").fetchall()
    assert rows[0][0] != rows[1][0], "each PIN gets its own salt"
    assert rows[0][1] != rows[1][1], "same PIN, different hash"


def test_sign_in_checks_the_pin(directory: StaffDirectory) -> None:
    owner = directory.add("Olivia", Role.OWNER, "1111")
    assert directory.sign_in(owner.id, "1111").name == "Olivia"
    with pytest.raises(WrongPin):
        directory.sign_in(owner.id, "1112")


def test_repeated_wrong_pins_lock_the_account_for_a_while(
    directory: StaffDirectory, clock: FakeClock
) -> None:
    owner = directory.add("Olivia", Role.OWNER, "1111")
    for _ in range(MAX_FAILED_PINS):
        with pytest.raises(WrongPin):
            directory.sign_in(owner.id, "0000")
    with pytest.raises(AccountLocked):
        directory.sign_in(owner.id, "1111")
    clock.now += LOCKOUT_SECONDS + 1
    assert directory.sign_in(owner.id, "1111").id == owner.id


@pytest.mark.parametrize("pin", ["", "12", "abcd", "12 34"])
def test_weak_or_malformed_pins_are_refused(directory: StaffDirectory, pin: str) -> None:
    with pytest.raises(StaffError, match="PIN"):
        directory.add("Olivia", Role.OWNER, pin)


def test_role_permissions() -> None:
    from clover_desk.services.staff.accounts import StaffMember

    clerk = StaffMember(1, "Cora", Role.CLERK, usd(5000))
    manager = StaffMember(2, "Marcus", Role.MANAGER)
    owner = StaffMember(3, "Olivia", Role.OWNER)
    assert clerk.can(Permission.REFUND)
    assert not clerk.can(Permission.APPROVE_REFUNDS)
    assert not manager.can(Permission.MANAGE_SETTINGS)
    assert manager.can(Permission.APPROVE_REFUNDS)
    assert all(owner.can(p) for p in Permission)
    with pytest.raises(PermissionRefused, match="may not manage tokens"):
        manager.require(Permission.MANAGE_TOKENS)


def test_clerks_refund_alone_only_up_to_their_limit() -> None:
    from clover_desk.services.staff.accounts import StaffMember

    clerk = StaffMember(1, "Cora", Role.CLERK, usd(5000))
    assert refund_approval(clerk, usd(5000)) is RefundApproval.ALLOWED
    assert refund_approval(clerk, usd(5001)) is RefundApproval.NEEDS_MANAGER
    assert refund_approval(clerk, Money(100, "CAD")) is RefundApproval.NEEDS_MANAGER
    no_limit = StaffMember(4, "New", Role.CLERK, None)
    assert refund_approval(no_limit, usd(1)) is RefundApproval.NEEDS_MANAGER
    inactive = StaffMember(5, "Gone", Role.MANAGER, active=False)
    assert refund_approval(inactive, usd(1)) is RefundApproval.REFUSED
    assert refund_approval(StaffMember(2, "M", Role.MANAGER), usd(10**8)) is RefundApproval.ALLOWED


def test_a_manager_pin_approves_but_a_clerk_pin_does_not(directory: StaffDirectory) -> None:
    owner = directory.add("Olivia", Role.OWNER, "1111")
    manager = directory.add("Marcus", Role.MANAGER, "2222", by=owner)
    clerk = directory.add("Cora", Role.CLERK, "3333", refund_limit=usd(5000), by=owner)
    assert directory.approve_refund(manager.id, "2222", usd(90_000)).name == "Marcus"
    with pytest.raises(WrongPin):
        directory.approve_refund(manager.id, "9999", usd(90_000))
    with pytest.raises(PermissionRefused):
        directory.approve_refund(clerk.id, "3333", usd(90_000))


def test_deactivated_staff_cannot_sign_in(directory: StaffDirectory) -> None:
    owner = directory.add("Olivia", Role.OWNER, "1111")
    clerk = directory.add("Cora", Role.CLERK, "3333", by=owner)
    with pytest.raises(StaffError):
        directory.deactivate(owner.id, by=owner)
    directory.deactivate(clerk.id, by=owner)
    with pytest.raises(WrongPin):
        directory.sign_in(clerk.id, "3333")


def test_training_staff_are_seeded_once_with_the_pins_shown(directory: StaffDirectory) -> None:
    seed_training_staff(directory, "USD")
    seed_training_staff(directory, "USD")
    members = {m.name: m for m in directory.members()}
    assert len(members) == len(TRAINING_STAFF)
    for name, role, pin, _ in TRAINING_STAFF:
        assert directory.sign_in(members[name].id, pin).role is role


def test_earlier_refunds_count_against_a_clerks_limit_and_daily_total() -> None:
    from clover_desk.services.staff.accounts import EarlierRefunds, StaffMember

    clerk = StaffMember(1, "Cora", Role.CLERK, usd(5000), daily_refund_limit=usd(8000))
    assert refund_approval(clerk, usd(2000), EarlierRefunds(on_charge=3000)) is (
        RefundApproval.ALLOWED
    )
    assert refund_approval(clerk, usd(2001), EarlierRefunds(on_charge=3000)) is (
        RefundApproval.NEEDS_MANAGER
    )
    assert refund_approval(clerk, usd(2000), EarlierRefunds(today=6000)) is RefundApproval.ALLOWED
    assert refund_approval(clerk, usd(2001), EarlierRefunds(today=6000)) is (
        RefundApproval.NEEDS_MANAGER
    )
    # A daily total in another currency can't be checked, so it needs a manager.
    cad_day = StaffMember(1, "Cora", Role.CLERK, usd(5000), daily_refund_limit=Money(1, "CAD"))
    assert refund_approval(cad_day, usd(1)) is RefundApproval.NEEDS_MANAGER
    # Managers have no daily total.
    manager = StaffMember(2, "M", Role.MANAGER, daily_refund_limit=usd(1))
    assert refund_approval(manager, usd(9000), EarlierRefunds(today=10**6)) is (
        RefundApproval.ALLOWED
    )


def test_only_an_owner_sets_a_daily_total_and_it_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "staff.sqlite"
    directory = StaffDirectory(path)
    owner = directory.add("Olivia", Role.OWNER, "1111")
    manager = directory.add("Marcus", Role.MANAGER, "2222", by=owner)
    clerk = directory.add("Cora", Role.CLERK, "3333", refund_limit=usd(5000), by=owner)
    assert clerk.daily_refund_limit is None, "off unless the owner sets one"
    with pytest.raises(PermissionRefused):
        directory.set_daily_refund_limit(clerk.id, usd(20_000), by=manager)
    with pytest.raises(StaffError, match="between 0 and"):
        directory.set_daily_refund_limit(clerk.id, usd(10**9), by=owner)
    directory.set_daily_refund_limit(clerk.id, usd(20_000), by=owner)
    directory.close()
    reopened = StaffDirectory(path)
    assert reopened.get(clerk.id).daily_refund_limit == usd(20_000)
    assert reopened.get(clerk.id).refund_limit == usd(5000)
    reopened.set_daily_refund_limit(clerk.id, None, by=owner)
    assert reopened.get(clerk.id).daily_refund_limit is None
    reopened.close()


def test_a_directory_from_before_daily_totals_opens_with_none_set(tmp_path: Path) -> None:
    path = tmp_path / "staff.sqlite"
    with sqlite3.connect(path) as old:
        old.execute(
            "CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
            "role TEXT NOT NULL, refund_limit INTEGER, refund_limit_currency TEXT, "
            "pin_salt BLOB NOT NULL, pin_hash BLOB NOT NULL, active INTEGER NOT NULL "
            "DEFAULT 1, failed_pins INTEGER NOT NULL DEFAULT 0, locked_until REAL NOT NULL "
            "DEFAULT 0)"
        )
    old.close()
    directory = StaffDirectory(path)
    owner = directory.add("Olivia", Role.OWNER, "1111")
    clerk = directory.add("Cora", Role.CLERK, "3333", refund_limit=usd(5000), by=owner)
    assert directory.get(clerk.id).daily_refund_limit is None
    directory.set_daily_refund_limit(clerk.id, usd(9000), by=owner)
    assert directory.get(clerk.id).daily_refund_limit == usd(9000)
    directory.close()
