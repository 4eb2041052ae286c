"""Demo merchant generator for ``--seed demo``: a cafe-and-market with a history.

What it writes (all of it for the first merchant, which the sandbox announces):
employees, an inventory (items, categories, modifier groups and modifiers,
discounts, tax rates, order types, tenders, a default service charge), about 300
customers with cards on file, ``orders`` register sales over the last 90 days with
their line items, charges and refunds, recurring plans with subscriptions, and gift
cards whose history adds up to their balance. A second, bare merchant is created
last, for isolation tests.

Determinism. Everything random comes from ``random.Random(seed_number)`` (split into
one child stream per section, so that a change in one section leaves the ids of the
others alone) and ids from ``ids.new_id(rng)``. Ids, amounts and contents depend on
``seed_number`` only; ``now_ms`` only places them in time. To keep it that way,
order times are drawn first (a fixed number of draws whatever the calendar), sorted,
and handed out in that order, and nothing drawn afterwards looks at a time.

Time layout. The cafe keeps New York standard time (a fixed UTC-5, so no time-zone
database is needed) and is open 07:00-19:00; mornings and lunch are busiest, Saturdays
and Sundays busier than weekdays. Every order is at least 15 minutes old at ``now_ms``
(a draw that would fall later moves back a week, keeping its weekday and hour).

Money (integer cents throughout):

* a line item's gross is its unit price (PER_UNIT: ``price * unitQty / 1000``,
  rounded half up) plus its modifications; a line discount is an ``amount``
  (negative cents) or a whole ``percentage`` of the gross, rounded half up;
* an order discount (amount, or percentage of the subtotal rounded half up) is
  spread over the lines in proportion to their net, rounding down, the leftover cents
  going to the largest line; that gives each line's taxable amount;
* tax is computed per tax rate on the sum of the taxable amounts of the lines that
  carry it, ``taxable * rate / 10_000_000`` rounded half up, then summed;
* ``orders.total`` = subtotal + order discount + tax (tip excluded); a charge's
  ``amount`` excludes its tip; a split payment divides amount and tax pro rata;
* a line-item return refunds the returned lines' taxable amounts plus the tax on them
  computed the same way (never more than the charge, since rounding is monotonic);
  a full refund refunds the charge's amount plus its tip.
"""

from __future__ import annotations

import random
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import Any

from .db import Database, dumps
from .ids import new_id
from .merchants import create_merchant
from .recurring_scheduler import run_date
from .sources import TENDER_CARD, TENDER_CASH, TENDER_CHECK, TENDER_DEBIT, TENDER_GIFT
from .tokens import DECLINE_PANS
from .views_v3 import ensure_system_tenders

DAY_MS = 86_400_000
HOUR_MS = 3_600_000
MINUTE_MS = 60_000
#: New York standard time, all year.
LOCAL_OFFSET_MS = -5 * HOUR_MS
ORDER_WINDOW_DAYS = 90
#: Tax rates: 100% = 10,000,000.
RATE_UNIT = 10_000_000
CURRENCY = "USD"
#: Orders written per ``executemany`` batch.
WRITE_CHUNK = 5000

MAIN_MERCHANT_NAME = "Clover Desk Demo Cafe & Market"
OTHER_MERCHANT_NAME = "Other Merchant"

_TOKEN_ALPHABET = string.digits + string.ascii_letters
_AUTH_ALPHABET = string.digits + string.ascii_uppercase


def seed_demo(
    db: Database, now_ms: int, *, seed_number: int, orders: int, flavour: Flavour | None = None
) -> None:
    """Create the demo merchant (announced) and a bare second merchant.

    ``flavour`` makes it local (default: the New York café, :data:`NEW_YORK_CAFE`).
    """
    master = random.Random(seed_number)
    streams = [random.Random(master.getrandbits(64)) for _ in range(9)]
    with db.tx():
        gen = _Generator(db, now_ms, streams, flavour or NEW_YORK_CAFE)
        gen.merchant()
        gen.employees()
        gen.inventory()
        gen.customers()
        gen.gift_cards()
        gen.orders(max(0, orders))
        gen.refunds()
        gen.recurring()
        gen.write()
        create_merchant(db, now_ms, OTHER_MERCHANT_NAME, rng=streams[8])


# --------------------------------------------------------------------------------------
# Fixed content: staff, menu, people and places.

_EMPLOYEES = (
    ("Maria Alvarez", "OWNER"),
    ("Daniel Okafor", "MANAGER"),
    ("Priya Raman", "MANAGER"),
    ("Jordan Lee", "EMPLOYEE"),
    ("Sam Whitaker", "EMPLOYEE"),
    ("Ana Costa", "EMPLOYEE"),
    ("Leo Nguyen", "EMPLOYEE"),
)

# key, name, rate, isDefault
_TAX_RATES = (
    ("sales", "Sales Tax", 887_500, True),
    ("food", "Prepared Food Tax", 1_000_000, False),
    ("exempt", "Tax Exempt", 0, False),
)

_CATEGORIES = (
    ("coffee", "Coffee & Espresso"),
    ("tea", "Tea"),
    ("bakery", "Bakery"),
    ("kitchen", "Kitchen"),
    ("retail", "Retail Goods"),
    ("beans", "Coffee Beans"),
)

# key, name, minRequired, maxAllowed, ((modifier name, price), ...)
_MODIFIER_GROUPS = (
    ("size", "Size", 1, 1, (("Small", 0), ("Medium", 50), ("Large", 100))),
    (
        "milk",
        "Milk Options",
        0,
        1,
        (
            ("Whole Milk", 0),
            ("Skim Milk", 0),
            ("Oat Milk", 75),
            ("Almond Milk", 75),
            ("Soy Milk", 60),
        ),
    ),
    ("shots", "Extra Shots", 0, 1, (("Extra Shot", 100), ("Double Extra Shot", 200))),
    (
        "syrups",
        "Syrups",
        0,
        2,
        (("Vanilla", 60), ("Caramel", 60), ("Hazelnut", 60), ("Sugar-Free Vanilla", 60)),
    ),
    ("spreads", "Bagel Spreads", 0, 1, (("Butter", 0), ("Cream Cheese", 150), ("Avocado", 250))),
    (
        "addons",
        "Add-ons",
        0,
        3,
        (("Bacon", 200), ("Extra Cheese", 100), ("Gluten-Free Bread", 150)),
    ),
)


@dataclass(frozen=True)
class _MenuItem:
    category: str
    name: str
    price: int
    weight: float
    groups: tuple[str, ...] = ()
    tax: str = "sales"
    per_unit: bool = False
    code: str | None = None


_MENU = (
    _MenuItem("coffee", "Drip Coffee", 275, 14, ("size", "syrups")),
    _MenuItem("coffee", "Americano", 350, 7, ("size", "shots", "syrups")),
    _MenuItem("coffee", "Latte", 475, 16, ("size", "milk", "shots", "syrups")),
    _MenuItem("coffee", "Cappuccino", 450, 9, ("size", "milk", "shots")),
    _MenuItem("coffee", "Flat White", 475, 5, ("milk", "shots")),
    _MenuItem("coffee", "Mocha", 525, 5, ("size", "milk", "shots")),
    _MenuItem("coffee", "Cortado", 400, 3, ("milk",)),
    _MenuItem("coffee", "Espresso", 300, 4, ("shots",)),
    _MenuItem("coffee", "Cold Brew", 450, 8, ("size", "milk", "syrups")),
    _MenuItem("coffee", "Iced Latte", 525, 8, ("size", "milk", "shots", "syrups")),
    _MenuItem("coffee", "Chai Latte", 495, 5, ("size", "milk")),
    _MenuItem("coffee", "Matcha Latte", 550, 4, ("size", "milk", "syrups")),
    _MenuItem("coffee", "Hot Chocolate", 395, 3, ("size", "milk")),
    _MenuItem("tea", "Earl Grey Tea", 325, 2, ("size",)),
    _MenuItem("tea", "Jasmine Green Tea", 325, 2, ("size",)),
    _MenuItem("bakery", "Butter Croissant", 375, 8),
    _MenuItem("bakery", "Almond Croissant", 450, 5),
    _MenuItem("bakery", "Pain au Chocolat", 425, 5),
    _MenuItem("bakery", "Blueberry Muffin", 375, 5),
    _MenuItem("bakery", "Banana Bread", 395, 4),
    _MenuItem("bakery", "Cinnamon Roll", 450, 4),
    _MenuItem("bakery", "Chocolate Chip Cookie", 295, 5),
    _MenuItem("bakery", "Everything Bagel", 325, 5, ("spreads",)),
    _MenuItem("bakery", "Cheddar Scone", 375, 2),
    _MenuItem("kitchen", "Turkey & Swiss Sandwich", 1095, 3, ("addons",), tax="food"),
    _MenuItem("kitchen", "Caprese Panini", 1050, 2, ("addons",), tax="food"),
    _MenuItem("kitchen", "Egg & Cheese on a Roll", 695, 4, ("addons",), tax="food"),
    _MenuItem("kitchen", "Avocado Toast", 995, 3, ("addons",), tax="food"),
    _MenuItem("kitchen", "Chicken Caesar Wrap", 1150, 2, tax="food"),
    _MenuItem("kitchen", "Breakfast Burrito", 895, 3, ("addons",), tax="food"),
    _MenuItem("kitchen", "Tomato Soup", 650, 1.5, tax="food"),
    _MenuItem("kitchen", "Yogurt Parfait", 595, 2, tax="food"),
    _MenuItem("retail", "Ceramic Mug", 1800, 0.6, code="850012345014"),
    _MenuItem("retail", "Travel Tumbler", 2800, 0.5, code="850012345021"),
    _MenuItem("retail", "Reusable Cup", 1500, 0.5, code="850012345038"),
    _MenuItem("retail", "Canvas Tote Bag", 1600, 0.3, code="850012345045"),
    _MenuItem("retail", "Pour-Over Dripper", 2400, 0.3, code="850012345052"),
    _MenuItem("retail", "Paper Filters (100)", 795, 0.5, code="850012345069"),
    _MenuItem("retail", "French Press", 3400, 0.2, code="850012345076"),
    _MenuItem("retail", "Sparkling Water", 295, 2, code="850012345083"),
    _MenuItem("beans", "House Blend Beans", 1699, 1.2, tax="exempt", per_unit=True),
    _MenuItem("beans", "Ethiopia Yirgacheffe Beans", 2199, 0.6, tax="exempt", per_unit=True),
    _MenuItem("beans", "Colombia Huila Beans", 1899, 0.6, tax="exempt", per_unit=True),
    _MenuItem("beans", "Decaf Swiss Water Beans", 1799, 0.4, tax="exempt", per_unit=True),
    _MenuItem("beans", "Espresso Roast Beans", 1799, 0.6, tax="exempt", per_unit=True),
)

_COLORS = {
    "coffee": "#6F4E37",
    "tea": "#7BA05B",
    "bakery": "#E1A95F",
    "kitchen": "#C0392B",
    "retail": "#2E86C1",
    "beans": "#4B3621",
}

# key, name, amount (negative cents) or None, percentage or None
_DISCOUNTS = (
    ("loyalty", "Loyalty Reward", -300, None),
    ("coupon", "$2 Off Coupon", -200, None),
    ("staff", "Staff Discount", None, 20),
    ("happy", "Happy Hour", None, 15),
    ("senior", "Senior Discount", None, 10),
)

#: The tender each kind of seeded payment names: the payments engine's label keys, so
#: that a seeded charge looks like one made through ``POST /v1/charges``.
_TENDER_KEYS = {
    "credit": TENDER_CARD,
    "debit": TENDER_DEBIT,
    "cash": TENDER_CASH,
    "check": TENDER_CHECK,
    "gift": TENDER_GIFT,
}
#: Card ends that the payments engine declines (a saved card must never match one).
_DECLINE_ENDS = {(pan[:6], pan[-4:]) for pan in DECLINE_PANS}

# key, labelKey, label, isDefault, order weight
_ORDER_TYPES = (
    ("dine_in", "com.clover.order.type.dine_in", "Dine In", True, 45),
    ("take_out", "com.clover.order.type.take_out", "Take Out", False, 45),
    ("delivery", "com.clover.order.type.delivery", "Delivery", False, 10),
)

_FIRST_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella",
    "William", "Mia", "Benjamin", "Charlotte", "Lucas", "Amelia", "Henry", "Harper",
    "Alexander", "Evelyn", "Mateo", "Abigail", "Ethan", "Emily", "Daniel", "Ella",
    "Michael", "Elizabeth", "Owen", "Camila", "Sebastian", "Luna", "Jack", "Sofia",
    "Aiden", "Avery", "Samuel", "Mila", "David", "Aria", "Joseph", "Scarlett", "Carter",
    "Penelope", "Wyatt", "Layla", "John", "Chloe", "Julian", "Victoria", "Gabriel",
    "Madison", "Anthony", "Eleanor", "Isaac", "Grace", "Dylan", "Nora", "Leo", "Riley",
    "Aaliyah", "Hiroshi", "Mei", "Ravi", "Fatima", "Kwame", "Ingrid", "Tomasz", "Lucia",
)  # fmt: skip

_LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
    "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young",
    "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter",
    "Roberts", "Kim", "Patel", "Cohen", "O'Brien", "Kowalski", "Yamamoto", "Okonkwo",
    "Schmidt", "Rossi", "Larsen",
)  # fmt: skip

_STREETS = (
    "Hudson St", "Greenwich St", "Varick St", "Canal St", "Spring St", "Prince St",
    "Mercer St", "Broadway", "Lafayette St", "Bleecker St", "Bedford Ave", "Court St",
    "Atlantic Ave", "Smith St", "Washington St", "Grand St", "Mulberry St", "Bowery",
    "Avenue A", "W 4th St", "Christopher St", "Perry St", "Bank St", "Jane St",
)  # fmt: skip

# city, state, zip codes
_PLACES = (
    ("New York", "NY", ("10013", "10012", "10014", "10011", "10003", "10002", "10007")),
    ("Brooklyn", "NY", ("11201", "11211", "11215", "11217", "11231")),
    ("Jersey City", "NJ", ("07302", "07310", "07306")),
    ("Hoboken", "NJ", ("07030",)),
    ("Long Island City", "NY", ("11101", "11109")),
)

_NOTES = (
    "Extra hot, please",
    "Name on cup: Sam",
    "Pickup at 8:15",
    "Light ice",
    "Birthday order",
    "Leave at the front desk",
    "No lid",
    "Ring the bell twice",
)

_CUSTOMER_NOTES = (
    "Regular: oat latte, extra hot",
    "Prefers email receipts",
    "Wholesale enquiry about beans",
    "Allergic to nuts",
    "Office order every Friday",
)

# brand, first6 values, weight (cards on file use only the first four brands)
_CARD_BRANDS = (
    ("VISA", ("414720", "426684", "438857", "451014", "476173", "400022", "411600"), 50),
    ("MC", ("542418", "510510", "522233", "555005", "530125", "222300"), 25),
    ("AMEX", ("371449", "378282", "374245", "377935"), 12),
    ("DISCOVER", ("601100", "601136", "644564", "650032"), 8),
    ("DINERS_CLUB", ("305693", "385200", "360569"), 2),
    ("JCB", ("356600", "353011", "358112"), 3),
)
_COF_BRANDS = _CARD_BRANDS[:4]

_ENTRY_TYPES = (("EMV_CONTACTLESS", 55), ("EMV_CONTACT", 35), ("SWIPED", 7), ("KEYED", 3))

_REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")

# name, amount, tipAmount, interval, intervalCount, note, tax key, active, subscription weight
_PLANS = (
    ("Coffee Club Monthly", 3500, 300, "MONTH", 1, "Unlimited drip coffee", "sales", True, 8),
    ("Weekly Beans", 1899, 0, "WEEK", 1, "One pound of the roaster's pick", "exempt", True, 6),
    ("Bi-weekly Beans", 1799, 0, "WEEK", 2, "One pound every other week", "exempt", True, 3),
    ("Quarterly Tasting Box", 4800, 0, "MONTH", 3, "Three single-origin bags", "sales", True, 3),
    ("Annual Mug Club", 12000, 0, "YEAR", 1, "A seasonal mug and 10% off", "sales", True, 5),
    ("Holiday Cookie Box", 2500, 0, "YEAR", 1, "Retired after the holidays", "sales", False, 0),
)


@dataclass(frozen=True)
class Flavour:
    """What makes a demo merchant local: its name, currency, taxes, menu and people.

    Data stays a function of the seed number and the flavour (the same pair gives the
    same rows). ``menu``, ``modifier_groups``, ``discounts`` and ``order_types`` keep
    the keys the generator refers to (``loyalty``, ``size``...). ``tax_groups`` maps
    the menu's tax kinds (``sales``, ``food``, ``exempt``) to the tax rates a line
    carries: one in New York, GST *and* QST in Quebec.
    """

    merchant_name: str
    currency: str
    merchant_body: dict[str, Any]
    email_domain: str
    employees: tuple[tuple[str, str], ...]
    tax_rates: tuple[tuple[str, str, int, bool], ...]
    tax_groups: dict[str, tuple[str, ...]]
    categories: tuple[tuple[str, str], ...]
    modifier_groups: tuple[Any, ...]
    menu: tuple[_MenuItem, ...]
    discounts: tuple[tuple[str, str, int | None, int | None], ...]
    order_types: tuple[tuple[str, str, str, bool, int], ...]
    service_charge_name: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    places: tuple[tuple[str, str, tuple[str, ...]], ...]
    country: str
    area_codes: tuple[str, ...]
    apartment: str
    notes: tuple[str, ...]
    line_note: str
    customer_notes: tuple[str, ...]
    plans: tuple[tuple[str, int, int, str, int, str, str, bool, int], ...]


#: The default demo: a café-and-market in New York, in US dollars.
NEW_YORK_CAFE = Flavour(
    merchant_name=MAIN_MERCHANT_NAME,
    currency=CURRENCY,
    merchant_body={
        "address": {
            "address1": "415 Hudson St",
            "city": "New York",
            "state": "NY",
            "zip": "10014",
            "country": "US",
        },
        "phone": "(212) 555-0134",
        "website": "https://demo-cafe.example.com",
    },
    email_domain="demo-cafe.example.com",
    employees=_EMPLOYEES,
    tax_rates=_TAX_RATES,
    tax_groups={"sales": ("sales",), "food": ("food",), "exempt": ("exempt",)},
    categories=_CATEGORIES,
    modifier_groups=_MODIFIER_GROUPS,
    menu=_MENU,
    discounts=_DISCOUNTS,
    order_types=_ORDER_TYPES,
    service_charge_name="Catering Service Charge",
    first_names=_FIRST_NAMES,
    last_names=_LAST_NAMES,
    streets=_STREETS,
    places=_PLACES,
    country="US",
    area_codes=("212", "646", "917", "718", "201"),
    apartment="Apt",
    notes=_NOTES,
    line_note="Extra hot",
    customer_notes=_CUSTOMER_NOTES,
    plans=_PLANS,
)


# --------------------------------------------------------------------------------------
# Small helpers.


def _half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded half up, for non-negative numerators."""
    return (2 * numerator + denominator) // (2 * denominator)


def _tax_of(taxable_by_rate: dict[str, int], rates: dict[str, int]) -> int:
    return sum(_half_up(amount * rates[rid], RATE_UNIT) for rid, amount in taxable_by_rate.items())


def _token(rng: random.Random) -> str:
    """A ``clv_`` card token (multi-pay tokens and card sources)."""
    return "clv_1TST" + "".join(rng.choices(_TOKEN_ALPHABET, k=18))


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10**n)).zfill(n)


def _cum(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


def _ascii(text: str) -> str:
    """``"élodie.bélanger"`` → ``"elodie.belanger"`` (addresses stay plain ASCII)."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ord(ch) < 128)


def _local_midnight_ms(ms: int) -> int:
    local = ms + LOCAL_OFFSET_MS
    return local - local % DAY_MS - LOCAL_OFFSET_MS


def _weekday(midnight_ms: int) -> int:
    """Monday is 0 (1970-01-01, local day 0, was a Thursday)."""
    return ((midnight_ms + LOCAL_OFFSET_MS) // DAY_MS + 3) % 7


@dataclass
class _GiftCard:
    id: str
    number: str
    virtual: bool
    active: bool
    created_ms: int
    body: dict[str, Any]
    balance: int = 0
    last_ms: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)

    def post(self, at_ms: int, op: str, amount: int, ref: str, **extra: str) -> int:
        """Append a history entry (signed amount); returns the time actually used.

        Entries have the payments engine's shape; activate and reload entries carry the
        operation's id as ``ref`` (``POST /v1/refunds`` can void them) and its codes.
        """
        at_ms = max(at_ms, self.last_ms + 1000)
        self.balance += amount
        self.last_ms = at_ms
        entry: dict[str, Any] = {
            "at_ms": at_ms,
            "op": op,
            "amount": amount,
            "balance_after": self.balance,
            "ref": ref,
        }
        entry.update(extra)
        self.history.append(entry)
        return at_ms

    def load(self, rng: random.Random, at_ms: int, op: str, amount: int, currency: str) -> None:
        """An activation or reload: money in, with its own operation id and codes."""
        self.post(
            at_ms,
            op,
            amount,
            new_id(rng),
            currency=currency,
            auth_code="".join(rng.choices(_AUTH_ALPHABET, k=6)),
            ref_num=_digits(rng, 12),
        )


@dataclass(slots=True)
class _Card:
    brand: str
    first6: str
    last4: str
    exp_month: str
    exp_year: str
    token: str
    funding: str = "credit"
    saved_id: str | None = None  # the customer card's id, for a card on file


@dataclass(slots=True)
class _Line:
    row: list[Any]
    body: dict[str, Any]
    taxable: int
    rate_ids: tuple[str, ...]


@dataclass(slots=True)
class _Order:
    row: list[Any]
    body: dict[str, Any]
    lines: list[_Line]
    charges: list[list[Any]]
    when_ms: int


# --------------------------------------------------------------------------------------


class _Generator:
    def __init__(
        self, db: Database, now_ms: int, streams: list[random.Random], flavour: Flavour
    ) -> None:
        self.db = db
        self.f = flavour
        self.now_ms = now_ms
        (
            self.rng_merchant,
            self.rng_inventory,
            self.rng_customers,
            self.rng_gift,
            self.rng_times,
            self.rng_orders,
            self.rng_refunds,
            self.rng_recurring,
            _,
        ) = streams
        self.now_year = datetime.fromtimestamp(now_ms / 1000, UTC).year
        self.merchant_created_ms = _local_midnight_ms(now_ms - 800 * DAY_MS) + 8 * HOUR_MS
        self.merchant_id = ""
        self.developer_app_id = ""
        self.employees_by_role: dict[str, list[str]] = {}
        self.inventory_rows: list[tuple[Any, ...]] = []
        self.tax_rates: dict[str, tuple[str, str, int, bool]] = {}  # key -> id, name, rate, default
        self.rate_values: dict[str, int] = {}  # id -> rate
        self.modifiers: dict[
            str, list[tuple[str, str, int]]
        ] = {}  # group key -> [(id, name, price)]
        self.items: list[tuple[_MenuItem, str]] = []
        self.item_cum: list[float] = []
        self.discounts: dict[str, tuple[str, str, int | None, int | None]] = {}
        self.order_types: list[str] = []
        self.order_type_cum: list[float] = []
        self.customer_rows: list[tuple[Any, ...]] = []
        self.customer_cards: dict[str, list[_Card]] = {}
        self.customer_emails: dict[str, str | None] = {}
        self.regulars: list[str] = []
        self.regular_cum: list[float] = []
        self.gift_list: list[_GiftCard] = []
        self.orders_made: list[_Order] = []
        self.refund_rows: list[tuple[Any, ...]] = []
        self.plan_rows: list[tuple[Any, ...]] = []
        self.subscription_rows: list[tuple[Any, ...]] = []

    # -- merchant and staff -------------------------------------------------------------

    def merchant(self) -> None:
        creds = create_merchant(
            self.db,
            self.merchant_created_ms,
            self.f.merchant_name,
            currency=self.f.currency,
            rng=self.rng_merchant,
            body=self.f.merchant_body,
        )
        self.merchant_id = creds.merchant_id
        self.developer_app_id = str(
            self.db.scalar(
                "SELECT developer_app_id FROM merchants WHERE id = ?", (self.merchant_id,)
            )
        )

    def employees(self) -> None:
        rng = self.rng_merchant
        rows = []
        for name, role in self.f.employees:
            employee_id = new_id(rng)
            first = _ascii(name.split()[0].lower())
            body = {
                "role": role,
                "pin": _digits(rng, 4),
                "nickname": name.split()[0],
                "email": f"{first}@{self.f.email_domain}",
            }
            rows.append((employee_id, self.merchant_id, name, dumps(body)))
            self.employees_by_role.setdefault(role, []).append(employee_id)
        self.db.executemany(
            "INSERT INTO employees (id, merchant_id, name, body) VALUES (?, ?, ?, ?)", rows
        )

    def _rate_ids(self, tax_key: str) -> tuple[str, ...]:
        """The ids of the tax rates a line of this tax kind carries."""
        return tuple(self.tax_rates[key][0] for key in self.f.tax_groups[tax_key])

    # -- inventory --------------------------------------------------------------------

    def _inv(self, kind: str, name: str, body: dict[str, Any], parent: str | None = None) -> str:
        object_id = new_id(self.rng_inventory)
        modified = self.merchant_created_ms + self.rng_inventory.randrange(1, 60) * DAY_MS
        self.inventory_rows.append(
            (kind, object_id, self.merchant_id, parent, name, modified, None, dumps(body))
        )
        return object_id

    def inventory(self) -> None:
        for key, name, rate, is_default in self.f.tax_rates:
            rid = self._inv("tax_rate", name, {"name": name, "rate": rate, "isDefault": is_default})
            self.tax_rates[key] = (rid, name, rate, is_default)
            self.rate_values[rid] = rate

        categories = {}
        for order, (key, name) in enumerate(self.f.categories):
            categories[key] = self._inv("category", name, {"name": name, "sortOrder": order})

        groups = {}
        for order, (key, name, min_required, max_allowed, mods) in enumerate(
            self.f.modifier_groups
        ):
            group_id = new_id(self.rng_inventory)
            mod_ids = []
            for mod_name, price in mods:
                mod_id = self._inv(
                    "modifier",
                    mod_name,
                    {
                        "name": mod_name,
                        "price": price,
                        "available": True,
                        "modifierGroup": {"id": group_id},
                    },
                    parent=group_id,
                )
                mod_ids.append(mod_id)
                self.modifiers.setdefault(key, []).append((mod_id, mod_name, price))
            modified = self.merchant_created_ms + DAY_MS
            group_body = {
                "name": name,
                "minRequired": min_required,
                "maxAllowed": max_allowed,
                "showByDefault": True,
                "sortOrder": order,
                "modifierIds": ",".join(mod_ids),
            }
            self.inventory_rows.append(
                (
                    "modifier_group",
                    group_id,
                    self.merchant_id,
                    None,
                    name,
                    modified,
                    None,
                    dumps(group_body),
                )
            )
            groups[key] = group_id

        for menu in self.f.menu:
            tax_ids = self._rate_ids(menu.tax)
            body: dict[str, Any] = {
                "name": menu.name,
                "price": menu.price,
                "priceType": "PER_UNIT" if menu.per_unit else "FIXED",
                "defaultTaxRates": menu.tax == "sales",
                "isRevenue": True,
                "hidden": False,
                "available": True,
                "autoManage": False,
                "colorCode": _COLORS[menu.category],
                "cost": menu.price * 35 // 100,
                "categories": {"elements": [{"id": categories[menu.category]}]},
            }
            if menu.per_unit:
                body["unitName"] = "lb"
            if menu.code:
                body["code"] = menu.code
                body["sku"] = "DC-" + menu.code[-5:]
                body["itemStock"] = {"quantity": self.rng_inventory.randint(6, 48)}
            if menu.groups:
                body["modifierGroups"] = {"elements": [{"id": groups[g]} for g in menu.groups]}
            if menu.tax != "sales":
                body["taxRates"] = {"elements": [{"id": tax_id} for tax_id in tax_ids]}
            self.items.append((menu, self._inv("item", menu.name, body)))
        self.item_cum = _cum([m.weight for m, _ in self.items])

        for key, name, amount, percentage in self.f.discounts:
            disc: dict[str, Any] = {"name": name}
            if amount is not None:
                disc["amount"] = amount
            if percentage is not None:
                disc["percentage"] = percentage
            self.discounts[key] = (self._inv("discount", name, disc), name, amount, percentage)

        for _key, label_key, label, is_default, _weight in self.f.order_types:
            body = {
                "labelKey": label_key,
                "label": label,
                "taxable": True,
                "isDefault": is_default,
                "filterCategories": False,
                "isHidden": False,
                "hoursAvailable": "ALL",
                "isDeleted": False,
            }
            self.order_types.append(self._inv("order_type", label, body))
        self.order_type_cum = _cum([w for *_, w in self.f.order_types])

        # The system tenders (cash, check, cards, gift card...) as the inventory API makes them.
        ensure_system_tenders(self.db, self.merchant_id, self.merchant_created_ms + DAY_MS)

        self._inv(
            "service_charge",
            self.f.service_charge_name,
            {
                "name": self.f.service_charge_name,
                "enabled": True,
                "percentage": 15,
                "percentageDecimal": 150_000,
            },
        )

    # -- customers --------------------------------------------------------------------

    def _random_card(self, rng: random.Random, brands: Sequence[Any], cum: list[float]) -> _Card:
        brand, bins, _ = rng.choices(brands, cum_weights=cum)[0]
        card = _Card(
            brand=brand,
            first6=rng.choice(bins),
            last4=_digits(rng, 4),
            exp_month=f"{rng.randint(1, 12):02d}",
            exp_year=str(self.now_year + rng.randint(0, 5)),
            token=_token(rng),
        )
        if (card.first6, card.last4) in _DECLINE_ENDS:
            card.last4 = f"{(int(card.last4) + 1) % 10000:04d}"
        return card

    def customers(self, count: int = 300) -> None:
        rng = self.rng_customers
        cof_cum = _cum([w for *_, w in _COF_BRANDS])
        used_emails: set[str] = set()
        for n in range(count):
            customer_id = new_id(rng)
            first, last = rng.choice(self.f.first_names), rng.choice(self.f.last_names)
            # Most customers joined long before the 90-day order window; a few are new.
            days_ago = rng.uniform(3, 85) if n % 10 == 9 else rng.uniform(95, 730)
            created = self.now_ms - int(days_ago * DAY_MS)
            modified = created + int(rng.uniform(0, min(days_ago - 1, 200)) * DAY_MS)
            body: dict[str, Any] = {}
            email = phone = None
            if rng.random() < 0.95:
                local = _ascii(f"{first}.{last}".lower().replace("'", "").replace(" ", ""))
                email = f"{local}@example.{rng.choice(('com', 'net', 'org'))}"
                while email in used_emails:
                    email = f"{local}{rng.randint(2, 99)}@example.{rng.choice(('com', 'net'))}"
                used_emails.add(email)
                body["emailAddresses"] = [
                    {"id": new_id(rng), "emailAddress": email, "primaryEmail": True}
                ]
            if rng.random() < 0.85:
                phone = f"({rng.choice(self.f.area_codes)}) 555-{_digits(rng, 4)}"
                body["phoneNumbers"] = [{"id": new_id(rng), "phoneNumber": phone}]
            if rng.random() < 0.7:
                city, state, zips = rng.choice(self.f.places)
                address: dict[str, Any] = {
                    "id": new_id(rng),
                    "address1": f"{rng.randint(1, 480)} {rng.choice(self.f.streets)}",
                    "city": city,
                    "state": state,
                    "zip": rng.choice(zips),
                    "country": self.f.country,
                }
                if rng.random() < 0.3:
                    address["address2"] = (
                        f"{self.f.apartment} {rng.randint(1, 20)}{rng.choice('ABCDEF')}"
                    )
                body["addresses"] = [address]
            cards = []
            live_cards = []
            n_cards = rng.choices((0, 1, 2), weights=(18, 62, 20))[0]
            for _ in range(n_cards):
                card = self._random_card(rng, _COF_BRANDS, cof_cum)
                if rng.random() < 0.05:  # an expired card kept on file
                    card.exp_year = str(self.now_year - 1)
                revoked = rng.random() < 0.04
                card.saved_id = new_id(rng)
                cards.append(
                    {
                        "id": card.saved_id,
                        "first6": card.first6,
                        "last4": card.last4,
                        "cardType": card.brand,
                        "expirationDate": card.exp_month + card.exp_year[-2:],
                        "token": card.token,
                        "tokenType": "MULTIPAY",
                        "firstName": first,
                        "lastName": last,
                        "modifiedTime": created + int(rng.uniform(0, days_ago / 2) * DAY_MS),
                        "revoked": revoked,
                    }
                )
                if not revoked:
                    live_cards.append(card)
            if cards:
                body["cards"] = cards
            if rng.random() < 0.08:
                body["metadata"] = {"note": rng.choice(self.f.customer_notes)}
            marketing = rng.random() < 0.45
            self.customer_rows.append(
                (
                    customer_id,
                    self.merchant_id,
                    created,
                    modified,
                    first,
                    last,
                    email,
                    phone,
                    int(marketing),
                    None,
                    dumps(body),
                )
            )
            self.customer_cards[customer_id] = live_cards
            self.customer_emails[customer_id] = email
            if days_ago > ORDER_WINDOW_DAYS + 2:
                self.regulars.append(customer_id)
        # A few regulars come in far more often than the rest.
        self.regular_cum = _cum([rng.paretovariate(1.3) for _ in self.regulars])

    # -- gift cards (activated before the order window; used during it) ---------------

    def gift_cards(self, count: int = 30) -> None:
        rng = self.rng_gift
        numbers: set[str] = set()
        for n in range(count):
            virtual = n % 3 == 2
            number = ""
            while not number or number in numbers:
                number = ("777790" if virtual else "777732") + _digits(rng, 10)
            numbers.add(number)
            created = self.now_ms - int(rng.uniform(ORDER_WINDOW_DAYS + 5, 420) * DAY_MS)
            body: dict[str, Any] = {"locks": []}
            if not virtual:
                body["security_code"] = _digits(rng, 6)
            expires = datetime.fromtimestamp(created / 1000, UTC) + timedelta(days=5 * 365)
            body["expiration_date"] = expires.strftime("%Y-%m-%d")
            card = _GiftCard(
                id=new_id(rng),
                number=number,
                virtual=virtual,
                active=n != count - 1,  # the last one was reported lost and deactivated
                created_ms=created,
                body=body,
            )
            card.load(
                rng,
                created,
                "activate",
                rng.choice((2000, 2500, 5000, 5000, 7500, 10000)),
                self.f.currency,
            )
            if rng.random() < 0.3:
                before_window = self.now_ms - (ORDER_WINDOW_DAYS + 1) * DAY_MS
                at = created + int(rng.random() * (before_window - created))
                card.load(rng, at, "reload", rng.choice((1000, 2500, 5000)), self.f.currency)
            self.gift_list.append(card)

    # -- orders -----------------------------------------------------------------------

    def _order_times(self, count: int) -> list[int]:
        """``count`` sorted order times over the last 90 days (see the module docstring)."""
        rng = self.rng_times
        today = _local_midnight_ms(self.now_ms)
        day_weights = []
        for days_ago in range(ORDER_WINDOW_DAYS):
            weekday = _weekday(today - days_ago * DAY_MS)
            day_weights.append(1.45 if weekday == 5 else 1.3 if weekday == 6 else 1.0)
        jitter = [rng.uniform(0.85, 1.15) for _ in range(ORDER_WINDOW_DAYS)]
        day_cum = _cum([w * j for w, j in zip(day_weights, jitter, strict=True)])
        hours = list(range(7, 19))
        hour_cum = _cum((1.2, 2.0, 1.8, 1.3, 1.1, 1.5, 1.2, 0.8, 0.8, 0.7, 0.6, 0.4))
        days = rng.choices(range(ORDER_WINDOW_DAYS), cum_weights=day_cum, k=count)
        hour_of = rng.choices(hours, cum_weights=hour_cum, k=count)
        latest = self.now_ms - 15 * MINUTE_MS
        times = []
        for days_ago, hour in zip(days, hour_of, strict=True):
            at = today - days_ago * DAY_MS + hour * HOUR_MS + int(rng.random() * HOUR_MS)
            while at > latest:
                at -= 7 * DAY_MS
            times.append(at)
        times.sort()
        return times

    def orders(self, count: int) -> None:
        times = self._order_times(count)
        rng = self.rng_orders
        clerks = self.employees_by_role["EMPLOYEE"]
        staff = clerks * 4 + self.employees_by_role["MANAGER"] + self.employees_by_role["OWNER"]
        card_cum = _cum([w for *_, w in _CARD_BRANDS])
        entry_types = [e for e, _ in _ENTRY_TYPES]
        entry_cum = _cum([w for _, w in _ENTRY_TYPES])
        # Gift cards and reloads stay a handful whatever the order count.
        p_gift = min(0.03, 60 / count) if count else 0.0
        p_reload = min(0.02, 20 / count) if count else 0.0
        usable_gift = [g for g in self.gift_list if g.active]
        line_counts = (1, 2, 3, 4, 5, 6)
        line_cum = _cum((30, 30, 20, 10, 6, 4))
        for at in times:
            if rng.random() < p_reload:
                card = rng.choice(usable_gift)
                card.load(
                    rng,
                    at - 5 * MINUTE_MS,
                    "reload",
                    rng.choice((1000, 2500, 5000)),
                    self.f.currency,
                )
            order = self._order(rng, at, staff, rng.choices(line_counts, cum_weights=line_cum)[0])
            self.orders_made.append(order)
            if rng.random() < 0.012:  # an open tab, never paid
                continue
            self._pay(rng, order, p_gift, usable_gift, card_cum, entry_types, entry_cum)

    def _order(self, rng: random.Random, at: int, staff: list[str], n_lines: int) -> _Order:
        order_id = new_id(rng)
        employee = rng.choice(staff)
        order_type = self.order_types[
            rng.choices(range(len(self.order_types)), cum_weights=self.order_type_cum)[0]
        ]
        customer = None
        if self.regulars and rng.random() < 0.4:
            customer = rng.choices(self.regulars, cum_weights=self.regular_cum)[0]
        lines: list[_Line] = []
        previous: tuple[_MenuItem, str, list[Any], dict[str, Any]] | None = None
        for index in range(n_lines):
            created = at + index * 1000
            if previous is not None and rng.random() < 0.2:
                menu, item_id, row, body = previous  # one more of the same: a second row
                body = dict(body)
                body["modifications"] = [
                    {**m, "id": new_id(rng)} for m in body.get("modifications", [])
                ]
                if "discounts" in body:
                    body["discounts"] = [{**d, "id": new_id(rng)} for d in body["discounts"]]
                row = [new_id(rng), row[1], row[2], created, *row[4:]]
            else:
                menu, item_id = self.items[
                    rng.choices(range(len(self.items)), cum_weights=self.item_cum)[0]
                ]
                row, body = self._line(rng, order_id, created, menu, item_id)
                previous = (menu, item_id, row, body)
            lines.append(self._priced(row, body))
        subtotal = sum(line.taxable for line in lines)

        order_body: dict[str, Any] = {
            "taxRemoved": False,
            "isVat": False,
            "manualTransaction": False,
            "groupLineItems": False,
            "testMode": False,
        }
        if subtotal >= 500 and rng.random() < 0.04:
            key = rng.choice(("coupon", "happy", "staff", "senior"))
            disc_id, name, amount, percentage = self.discounts[key]
            entry: dict[str, Any] = {"id": new_id(rng), "name": name, "discount": {"id": disc_id}}
            if amount is not None:
                entry["amount"] = amount
                off = min(-amount, subtotal)
            else:
                assert percentage is not None
                entry["percentage"] = percentage
                off = _half_up(subtotal * percentage, 100)
            order_body["discounts"] = [entry]
            self._spread_discount(lines, subtotal, off)
        taxable: dict[str, int] = {}
        for line in lines:
            for rid in line.rate_ids:
                taxable[rid] = taxable.get(rid, 0) + line.taxable
        tax = _tax_of(taxable, self.rate_values)
        total = sum(line.taxable for line in lines) + tax
        note = rng.choice(self.f.notes) if rng.random() < 0.03 else None
        email = self.customer_emails.get(customer) if customer else None
        row = [
            order_id,
            self.merchant_id,
            "pos",
            at,
            at,
            at + n_lines * 1000,
            self.f.currency,
            "open",
            "OPEN",
            "created",
            total,
            tax,
            customer,
            email,
            employee,
            order_type,
            None,
            note,
            None,
            None,
        ]
        return _Order(row=row, body=order_body, lines=lines, charges=[], when_ms=at)

    def _line(
        self, rng: random.Random, order_id: str, created: int, menu: _MenuItem, item_id: str
    ) -> tuple[list[Any], dict[str, Any]]:
        body: dict[str, Any] = {}
        mods: list[tuple[str, str, int]] = []
        for group in menu.groups:
            options = self.modifiers[group]
            if group == "size":
                mods.append(options[rng.choices((0, 1, 2), weights=(35, 45, 20))[0]])
            elif group == "milk":
                if rng.random() < 0.45:
                    mods.append(options[rng.choices((1, 2, 3, 4), weights=(20, 50, 20, 10))[0]])
            elif group == "shots":
                if rng.random() < 0.12:
                    mods.append(options[0 if rng.random() < 0.8 else 1])
            elif group == "syrups":
                if rng.random() < 0.2:
                    mods.extend(rng.sample(options, 2 if rng.random() < 0.15 else 1))
            elif group == "spreads":
                if rng.random() < 0.8:
                    mods.append(options[rng.choices((0, 1, 2), weights=(30, 60, 10))[0]])
            elif rng.random() < 0.2:  # add-ons
                mods.append(rng.choice(options))
        if mods:
            body["modifications"] = [
                {"id": new_id(rng), "name": name, "amount": price, "modifier": {"id": mod_id}}
                for mod_id, name, price in mods
            ]
        unit_qty = None
        if menu.per_unit:
            unit_qty = rng.choice((500, 1000, 1000, 1000, 1500, 2000))
            body["unitName"] = "lb"
        if menu.code:
            body["itemCode"] = menu.code
        if rng.random() < 0.03:
            key = rng.choice(("loyalty", "staff", "senior"))
            disc_id, name, amount, percentage = self.discounts[key]
            entry: dict[str, Any] = {"id": new_id(rng), "name": name, "discount": {"id": disc_id}}
            if amount is not None:
                entry["amount"] = amount
            else:
                entry["percentage"] = percentage
            body["discounts"] = [entry]
        body["taxRates"] = [
            {"id": rid, "name": name, "rate": rate, "isDefault": is_default}
            for rid, name, rate, is_default in (
                self.tax_rates[key] for key in self.f.tax_groups[menu.tax]
            )
        ]
        note = self.f.line_note if menu.category == "coffee" and rng.random() < 0.01 else None
        row = [
            new_id(rng),
            self.merchant_id,
            order_id,
            created,
            item_id,
            menu.name,
            menu.price,
            unit_qty,
            note,
            0,
            0,
            1,
        ]
        return row, body

    @staticmethod
    def _priced(row: list[Any], body: dict[str, Any]) -> _Line:
        price, unit_qty = row[6], row[7]
        gross = _half_up(price * unit_qty, 1000) if unit_qty is not None else price
        gross += sum(m["amount"] for m in body.get("modifications", ()))
        net = gross
        for disc in body.get("discounts", ()):
            if "amount" in disc:
                net += disc["amount"]
            else:
                net -= _half_up(gross * disc["percentage"], 100)
        rate_ids = tuple(t["id"] for t in body["taxRates"])
        return _Line(row=row, body=body, taxable=max(net, 0), rate_ids=rate_ids)

    @staticmethod
    def _spread_discount(lines: list[_Line], subtotal: int, off: int) -> None:
        shares = [off * line.taxable // subtotal for line in lines]
        largest = max(range(len(lines)), key=lambda i: lines[i].taxable)
        shares[largest] += off - sum(shares)
        for line, share in zip(lines, shares, strict=True):
            line.taxable -= share

    def _pay(
        self,
        rng: random.Random,
        order: _Order,
        p_gift: float,
        usable_gift: list[_GiftCard],
        card_cum: list[float],
        entry_types: list[str],
        entry_cum: list[float],
    ) -> None:
        row = order.row
        total, tax, customer, employee = row[10], row[11], row[12], row[14]
        paid_at = order.when_ms + len(order.lines) * 1000 + rng.randint(20_000, 240_000)
        draw = rng.random()

        def charge(amount: int, tax_part: int, method: str, at: int) -> list[Any]:
            created = max(at, paid_at)
            new = [
                new_id(rng),
                self.merchant_id,
                row[0],
                customer,
                employee,
                created,
                created,
                self.f.currency,
                amount,
                tax_part,
                0,
                amount,
                0,
                1,
                "succeeded",
                method,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                {"outcome": {"network_status": "approved_by_network", "type": "authorized"}},
            ]
            order.charges.append(new)
            return new

        def card_charge(amount: int, tax_part: int, at: int, *, tip_ok: bool = True) -> None:
            new = charge(amount, tax_part, "card", at)
            cards = self.customer_cards.get(customer, []) if customer else []
            if cards and rng.random() < 0.35:
                card = rng.choice(cards)
                entry = "KEYED"
            else:
                card = self._random_card(rng, _CARD_BRANDS, card_cum)
                if rng.random() < 0.12:
                    card.funding = "debit"
                entry = rng.choices(entry_types, cum_weights=entry_cum)[0]
            new[16:22] = [
                card.brand,
                card.first6,
                card.last4,
                _TENDER_KEYS["debit" if card.funding == "debit" else "credit"],
                "".join(rng.choices(_AUTH_ALPHABET, k=6)),
                _digits(rng, 12),
            ]
            tip = 0
            if tip_ok and rng.random() < 0.55:
                if amount < 1000:
                    tip = rng.choice((100, 100, 150, 200))
                else:
                    tip = _half_up(amount * rng.choice((15, 18, 20, 22)), 100)
            new[10] = tip
            body = new[23]
            body["source"] = {
                "id": card.saved_id or card.token,
                "brand": card.brand,
                "first6": card.first6,
                "last4": card.last4,
                "exp_month": card.exp_month,
                "exp_year": card.exp_year,
                "funding": card.funding,
            }
            body["entry_type"] = entry

        def tender_charge(amount: int, key: str) -> None:
            new = charge(amount, tax, "alternate_tender", paid_at)
            new[19] = _TENDER_KEYS[key]
            new[20:22] = ["".join(rng.choices(_AUTH_ALPHABET, k=6)), _digits(rng, 12)]
            new[23]["tender"] = {"label_key": _TENDER_KEYS[key]}

        pay_type = "FULL"
        live_gift = [g for g in usable_gift if g.balance > 0] if draw < p_gift else []
        if live_gift:
            gift = rng.choice(live_gift)
            drawn = min(gift.balance, total)
            gift_tax = tax * drawn // total if total else 0
            new = charge(drawn, gift_tax, "giftCard", paid_at)
            previous_balance = gift.balance
            new[5] = new[6] = gift.post(paid_at, "redeem", -drawn, new[0])
            new[16:22] = [
                "GIFT_CARD",
                gift.number[:6],
                gift.number[-4:],
                _TENDER_KEYS["gift"],
                "".join(rng.choices(_AUTH_ALPHABET, k=6)),
                _digits(rng, 12),
            ]
            new[23].update(
                {
                    "source": {
                        "id": _token(rng),
                        "brand": "GIFT_CARD",
                        "first6": gift.number[:6],
                        "last4": gift.number[-4:],
                    },
                    "gift_card": {
                        "previous_balance": previous_balance,
                        "new_balance": gift.balance,
                        "lock_amount": 0,
                        "expiration_date": gift.body["expiration_date"],
                    },
                    "gift_card_id": gift.id,
                }
            )
            if drawn < total:  # the rest on a card: split tender
                new[23]["partial_auth"] = True
                pay_type = "SPLIT_CUSTOM"
                card_charge(total - drawn, tax - gift_tax, new[5] + 30_000, tip_ok=False)
        elif draw < p_gift + 0.16:
            tender_charge(total, "cash")
        elif draw < p_gift + 0.17:
            tender_charge(total, "check")
        elif total >= 1000 and rng.random() < 0.025:
            pay_type = "SPLIT_GUEST"
            first = total // 2
            first_tax = tax * first // total
            card_charge(first, first_tax, paid_at)
            card_charge(total - first, tax - first_tax, paid_at + 45_000)
        else:
            card_charge(total, tax, paid_at)
        row[7:10] = ["locked", "PAID", "paid"]
        row[5] = max(c[5] for c in order.charges)
        order.body["payType"] = pay_type
        order.body["status_transitions"] = {"paid": row[5]}

    # -- refunds ----------------------------------------------------------------------

    def refunds(self) -> None:
        rng = self.rng_refunds
        paid = [o for o in self.orders_made if o.charges]
        eligible = [o for o in paid if len(o.charges) == 1 and o.charges[0][15] == "card"]
        n_full = min(len(eligible), max(round(0.04 * len(paid)), 3 if paid else 0))
        full = rng.sample(eligible, n_full)
        chosen = {id(o) for o in full}
        multi = [o for o in eligible if id(o) not in chosen and len(o.lines) >= 2]
        partial = rng.sample(multi, min(len(multi), round(0.03 * len(paid))))
        managers = self.employees_by_role["MANAGER"] + self.employees_by_role["OWNER"]
        latest = self.now_ms - MINUTE_MS

        def when(order: _Order, reason: str) -> int:
            charged: int = order.charges[0][5]
            if reason == "duplicate":
                delay = rng.randint(2, 30) * MINUTE_MS
            elif reason == "fraudulent":
                delay = rng.randint(3, 20) * DAY_MS
            else:
                delay = rng.randint(10, 4320) * MINUTE_MS
            return max(charged + 1000, min(charged + delay, latest))

        for n, order in enumerate(full):
            reason = _REFUND_REASONS[n] if n < 3 else rng.choices(_REFUND_REASONS, (25, 15, 60))[0]
            charge = order.charges[0]
            at = when(order, reason)
            amount = charge[8] + charge[10]
            # Half through POST /v1/refunds, half as a whole-order return (the engine's
            # v1 status is then "refunded" or "returned").
            kind = "return" if rng.random() < 0.5 else "refund"
            body = {"line_item_ids": [line.row[0] for line in order.lines]}
            self._refund(
                rng,
                order,
                at,
                amount,
                charge[9],
                charge[10],
                reason,
                kind,
                body if kind == "return" else {},
                managers,
            )
            for line in order.lines:
                line.row[9] = 1
            status = "returned" if kind == "return" else "refunded"
            order.row[7:10] = ["locked", "REFUNDED", status]
            order.body["status_transitions"][status] = at

        for order in partial:
            reason = rng.choices(("duplicate", "requested_by_customer"), (15, 85))[0]
            k = rng.randint(1, len(order.lines) - 1)
            returned = rng.sample(order.lines, k)
            kept = sum(line.taxable for line in order.lines) - sum(r.taxable for r in returned)
            if kept <= 0 or not any(r.taxable for r in returned):
                continue
            taxable: dict[str, int] = {}
            for line in returned:
                line.row[9] = 1
                for rid in line.rate_ids:
                    taxable[rid] = taxable.get(rid, 0) + line.taxable
            tax = _tax_of(taxable, self.rate_values)
            amount = sum(r.taxable for r in returned) + tax
            body = {"line_item_ids": [line.row[0] for line in returned]}
            at = when(order, reason)
            self._refund(rng, order, at, amount, tax, 0, reason, "return", body, managers)
            order.row[7:10] = ["locked", "PARTIALLY_REFUNDED", "paid"]

    def _refund(
        self,
        rng: random.Random,
        order: _Order,
        at: int,
        amount: int,
        tax: int,
        tip: int,
        reason: str,
        kind: str,
        body: dict[str, Any],
        managers: list[str],
    ) -> None:
        charge = order.charges[0]
        self.refund_rows.append(
            (
                new_id(rng),
                self.merchant_id,
                charge[0],
                order.row[0],
                rng.choice(managers),
                at,
                at,
                self.f.currency,
                amount,
                tax,
                tip,
                reason,
                "succeeded",
                kind,
                None,
                dumps(body),
            )
        )
        charge[12] += amount
        charge[6] = max(charge[6], at)
        order.row[5] = max(order.row[5], at)

    # -- recurring --------------------------------------------------------------------

    def recurring(self) -> None:
        rng = self.rng_recurring
        now = datetime.fromtimestamp(self.now_ms / 1000, UTC)
        plans: list[tuple[str, int, dict[str, Any], int]] = []
        for name, amount, tip, interval, count, note, tax_key, active, weight in self.f.plans:
            plan_id = new_id(rng)
            created = self.merchant_created_ms + rng.randint(60, 300) * DAY_MS
            plan_body: dict[str, Any] = {
                "name": name,
                "amount": amount,
                "tipAmount": tip,
                "interval": interval,
                "intervalCount": count,
                "note": note,
                "taxRateUuids": list(self._rate_ids(tax_key)),
                "active": active,
            }
            modified = created if active else self.now_ms - rng.randint(20, 60) * DAY_MS
            self.plan_rows.append(
                (
                    plan_id,
                    self.merchant_id,
                    self.developer_app_id,
                    created,
                    modified,
                    None,
                    dumps(plan_body),
                )
            )
            if weight:
                plans.append((plan_id, created, plan_body, weight))
        plan_cum = _cum([p[3] for p in plans])
        with_cards = [cid for cid, cards in self.customer_cards.items() if cards]
        subscribers = rng.sample(with_cards, min(25, len(with_cards)))
        for n, customer_id in enumerate(subscribers):
            plan_id, plan_created, plan, _ = rng.choices(plans, cum_weights=plan_cum)[0]
            interval, count = plan["interval"], plan["intervalCount"]
            local_nine = timedelta(hours=9) - timedelta(milliseconds=LOCAL_OFFSET_MS)
            if n < 2:  # starts in a few days
                start_day = now.date() + timedelta(days=rng.randint(2, 10))
            else:
                start_day = now.date() - timedelta(days=rng.randint(10, 400))
            start = datetime(start_day.year, start_day.month, start_day.day, tzinfo=UTC)
            start_ms = max(int((start + local_nine).timestamp()) * 1000, plan_created + DAY_MS)
            created = min(start_ms - rng.randint(1, 5) * DAY_MS, self.now_ms - DAY_MS)
            body: dict[str, Any] = {
                "amount": plan["amount"],
                "tipAmount": plan["tipAmount"],
                "note": plan["note"],
                "active": True,
                "startDate": start_ms,
                "collectionMethod": "CHARGE_AUTOMATICALLY",
                "taxRateUuids": list(plan["taxRateUuids"]),
                "failures": 0,
            }
            if rng.random() < 0.2:
                body["softDescriptor"] = {"dbaName": "DEMO CAFE MARKET"}
            runs = 0
            while run_date(start_ms, interval, count, runs + 1) <= self.now_ms:
                runs += 1
            modified = created
            if start_ms <= self.now_ms:
                last = run_date(start_ms, interval, count, runs)
                body["lastRunDate"] = last
                modified = max(created, last)
                if n in (2, 3) and runs >= 1:  # cancelled after a few runs
                    body["active"] = False
                    body["endDate"] = last + DAY_MS
                    modified = min(last + DAY_MS, self.now_ms - MINUTE_MS)
                elif n in (4, 5, 6):  # a fixed term that ends in the future
                    body["endDate"] = run_date(start_ms, interval, count, runs + 6)
            self.subscription_rows.append(
                (
                    new_id(rng),
                    self.merchant_id,
                    plan_id,
                    customer_id,
                    created,
                    modified,
                    None,
                    dumps(body),
                )
            )

    # -- writing ----------------------------------------------------------------------

    def write(self) -> None:
        db = self.db
        db.executemany(
            "INSERT INTO inventory (kind, id, merchant_id, parent_id, name, modified_ms, "
            "deleted_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.inventory_rows,
        )
        db.executemany(
            "INSERT INTO customers (id, merchant_id, created_ms, modified_ms, first_name, "
            "last_name, email, phone, marketing_allowed, deleted_ms, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.customer_rows,
        )
        # Orders go in chunks, each dropped once written, to keep 500,000 orders in bounds.
        while self.orders_made:
            chunk = self.orders_made[:WRITE_CHUNK]
            del self.orders_made[:WRITE_CHUNK]
            self._write_orders(chunk)
        db.executemany(
            "INSERT INTO refunds (id, merchant_id, charge_id, order_id, employee_id, "
            "created_ms, modified_ms, currency, amount, tax_amount, tip_amount, reason, "
            "status, kind, idempotency_key, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            self.refund_rows,
        )
        db.executemany(
            "INSERT INTO gift_cards (id, merchant_id, number, virtual, active, balance, "
            "currency, created_ms, modified_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    g.id,
                    self.merchant_id,
                    g.number,
                    int(g.virtual),
                    int(g.active),
                    g.balance,
                    self.f.currency,
                    g.created_ms,
                    g.last_ms,
                    dumps({**g.body, "history": g.history}),
                )
                for g in self.gift_list
            ],
        )
        db.executemany(
            "INSERT INTO plans (id, merchant_id, developer_app_id, created_ms, modified_ms, "
            "deleted_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.plan_rows,
        )
        db.executemany(
            "INSERT INTO subscriptions (id, merchant_id, plan_id, customer_id, created_ms, "
            "modified_ms, deleted_ms, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            self.subscription_rows,
        )

    def _write_orders(self, orders: list[_Order]) -> None:
        order_rows = []
        line_rows = []
        charge_rows = []
        for order in orders:
            order_rows.append((*order.row, dumps(order.body)))
            for line in order.lines:
                line_rows.append((*line.row, dumps(line.body)))
            for charge in order.charges:
                charge_rows.append((*charge[:23], dumps(charge[23])))
        self.db.executemany(
            "INSERT INTO orders (id, merchant_id, origin, created_ms, client_created_ms, "
            "modified_ms, currency, state, payment_state, v1_status, total, tax_amount, "
            "customer_id, email, employee_id, order_type_id, title, note, "
            "external_reference_id, deleted_ms, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            order_rows,
        )
        self.db.executemany(
            "INSERT INTO line_items (id, merchant_id, order_id, created_ms, item_id, name, "
            "price, unit_qty, note, refunded, exchanged, is_revenue, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            line_rows,
        )
        self.db.executemany(
            "INSERT INTO charges (id, merchant_id, order_id, customer_id, employee_id, "
            "created_ms, modified_ms, currency, amount, tax_amount, tip_amount, "
            "amount_captured, amount_refunded, captured, status, method, card_brand, "
            "card_first6, card_last4, tender_label_key, auth_code, ref_num, "
            "idempotency_key, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            charge_rows,
        )
