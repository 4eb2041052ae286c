"""Service rules behind the window, without Qt or a network: cards, profiles, feeds,
charge states, gift-card history, error wording."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from clover_desk.api.errors import AuthError, CardDeclined, OutcomeUnknown, ServiceUnavailable
from clover_desk.api.hosts import Environment
from clover_desk.api.models.ecommerce import Charge, ChargeStatus
from clover_desk.services.common.activity import Activity, Connectivity
from clover_desk.services.common.feed import Feed
from clover_desk.services.common.feedback import UserFacingError, explain
from clover_desk.services.customers.cards import CardEntry, brand_of, check_card, luhn_ok
from clover_desk.services.merchant.paths import AppPaths
from clover_desk.services.merchant.profile_admin import ProfileDraft
from clover_desk.services.merchant.profiles import Profile, Settings, SettingsStore
from clover_desk.services.sales.charges import ChargeFilter, ChargeState, charge_state
from clover_desk.services.sales.gift_cards import GiftCardHistory, HistoryEntry
from clover_desk.services.sales.orders import OrdersService

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("number", "ok"),
    [("4242424242424242", True), ("4242424242424241", False), ("6011361000006668", True)],
)
def test_luhn(number: str, ok: bool) -> None:
    assert luhn_ok(number) is ok


def test_card_checks_name_every_problem_and_never_show_the_number() -> None:
    entry = CardEntry.from_text("4242 4242 4242 4241", "01/26", "12")
    problems = {p.field: p.message for p in check_card(entry, TODAY)}
    assert set(problems) == {"number", "expiry", "cvv"}
    assert "4242" not in repr(entry)
    amex = CardEntry.from_text("3782 822463 10005", "12/30", "123")
    assert brand_of(amex.number) == "AMEX"
    assert [p.field for p in check_card(amex, TODAY)] == ["cvv"]
    good = CardEntry.from_text("4242-4242-4242-4242", "1230", "123")
    assert check_card(good, TODAY) == []
    good.wipe()
    assert good.number == "" and good.cvv == ""  # noqa: PT018


def test_settings_round_trip_without_secrets(tmp_path: Path) -> None:
    store = SettingsStore(AppPaths.under(tmp_path).ensure().settings_file)
    assert store.load().profiles == []
    settings = Settings()
    settings.upsert(Profile(id="p1", name="Main St", environment=Environment.PRODUCTION))
    settings.active_profile = "p1"
    store.save(settings)
    loaded = store.load()
    assert loaded.active() == settings.profiles[0]
    assert loaded.active().is_production  # type: ignore[union-attr]
    store.path.write_text("{not json")
    assert store.load() == Settings()
    assert store.path.with_suffix(".damaged.json").exists()


def test_profile_draft_rules_and_secret_hygiene() -> None:
    draft = ProfileDraft(id="p1", name="", merchant_id="abc", api_token="secret-value")
    assert len(draft.problems()) == 2
    assert "secret-value" not in repr(draft)
    draft.name, draft.merchant_id = "Main St", "abcdefghjk123"
    assert draft.problems() == []
    assert draft.profile().merchant_id == "ABCDEFGHJK123"
    draft.forget_secrets()
    assert draft.typed_secrets().empty


def _charge(**fields: object) -> Charge:
    base: dict[str, object] = {"id": "C1", "amount": 1000, "currency": "usd"}
    base.update(fields)
    return Charge(**base)  # type: ignore[arg-type]


def test_charge_states_and_filters() -> None:
    assert charge_state(_charge(captured=False)) is ChargeState.AUTHORIZED
    assert charge_state(_charge(amount_refunded=300)) is ChargeState.PARTIALLY_REFUNDED
    assert charge_state(_charge(amount_refunded=1000)) is ChargeState.REFUNDED
    assert charge_state(_charge(status=ChargeStatus.FAILED)) is ChargeState.FAILED
    flt = ChargeFilter(state=ChargeState.CAPTURED, min_amount=500, max_amount=1500)
    assert flt.matches(_charge(captured=True))
    assert not flt.matches(_charge(amount=2000))


def test_feed_keeps_scanning_past_pages_that_match_nothing() -> None:
    class Pages:
        async def pages(self):  # type: ignore[no-untyped-def]
            for start in range(0, 500, 100):
                yield list(range(start, start + 100))

    feed: Feed[int] = Feed(Pages(), lambda n: n >= 450, min_rows=10)
    rows = asyncio.run(feed.next_page())
    assert rows == list(range(450, 500))
    assert feed.scanned == 500
    # The end of the list shows on the next ask (Clover's pages carry no total).
    assert asyncio.run(feed.next_page()) == []
    assert not feed.more_available


def test_payment_is_refused_before_tokenizing() -> None:
    problem = OrdersService.payment_problem(on_file=False, new_card=True, email=None, tip=0)
    assert "email" in problem
    assert OrdersService.payment_problem(on_file=True, new_card=False, email=None, tip=-1)
    assert not OrdersService.payment_problem(on_file=True, new_card=False, email=None, tip=100)


def test_gift_card_history_is_newest_first_and_skips_damage(tmp_path: Path) -> None:
    history = GiftCardHistory(tmp_path / "h.jsonl")
    for n in range(3):
        history.append(HistoryEntry(n, "Reload", "1234", 100, 100 * n, "USD", f"R{n}", "p"))
    with history.path.open("a") as handle:
        handle.write("garbage\n")
    assert [e.reference for e in history.entries("p")] == ["R2", "R1", "R0"]
    assert history.entries("other") == []


def test_error_words_say_what_failed_and_what_to_do() -> None:
    declined = explain("paying the order", CardDeclined("Card declined", status=402))
    assert declined.title == "Paying the order failed"
    assert "another card" in declined.advice
    assert (
        "may or may not" in explain("refunding", OutcomeUnknown("lost", idempotency_key="k")).advice
    )
    assert "Settings" in explain("loading", AuthError("401", status=401)).advice
    offline = explain("loading", ServiceUnavailable("down", status=None))
    assert "network" in offline.advice
    ours = explain("saving", UserFacingError("Type a name.", "Then save."))
    assert ours.detail == "Type a name." and ours.advice == "Then save."  # noqa: PT018


def test_activity_counts_in_flight_and_judges_connectivity() -> None:
    activity = Activity()
    seen: list[tuple[int, Connectivity]] = []
    activity.subscribe(lambda s: seen.append((s.in_flight, s.connectivity)))

    async def calls() -> None:
        async with activity.track("ok"):
            assert activity.snapshot().in_flight == 1
        with pytest.raises(ServiceUnavailable):
            async with activity.track("down"):
                raise ServiceUnavailable("unreachable", status=None)

    asyncio.run(calls())
    assert seen[-1] == (0, Connectivity.OFFLINE)
    assert (0, Connectivity.ONLINE) in seen
