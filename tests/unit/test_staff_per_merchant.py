"""Each merchant profile has its own staff; an earlier machine-wide list carries over once."""

from __future__ import annotations

from pathlib import Path

from clover_desk.launch import open_staff_directory
from clover_desk.services.merchant.paths import AppPaths
from clover_desk.services.staff.accounts import Role, StaffDirectory


def test_profiles_start_from_the_earlier_machine_wide_staff_then_keep_their_own(
    tmp_path: Path,
) -> None:
    paths = AppPaths.under(tmp_path).ensure()
    legacy = StaffDirectory(paths.staff_db)
    owner = legacy.add("Olivia Owner", Role.OWNER, "1111")
    legacy.add("Cora Clerk", Role.CLERK, "3333", by=owner)
    legacy.close()

    first = open_staff_directory(paths, "first")
    second = open_staff_directory(paths, "second")
    try:
        assert {m.name for m in first.members()} == {"Olivia Owner", "Cora Clerk"}
        first_owner = next(m for m in first.members() if m.role is Role.OWNER)
        first.add("Sam First-Shop", Role.CLERK, "4444", by=first_owner)
        assert "Sam First-Shop" not in {m.name for m in second.members()}
    finally:
        first.close()
        second.close()
    reopened = open_staff_directory(paths, "first")  # copied once, never again
    try:
        assert "Sam First-Shop" in {m.name for m in reopened.members()}
    finally:
        reopened.close()


def test_without_an_earlier_list_a_new_merchant_starts_with_no_staff(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path).ensure()
    directory = open_staff_directory(paths, "new")
    try:
        assert directory.is_empty()
    finally:
        directory.close()
    assert not paths.staff_db.exists()
