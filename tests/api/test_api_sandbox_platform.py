"""Platform v3, inventory, atomic orders, recurring and exports against the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from apihelp import ClientFactory, admin_post

from clover_desk.api import CloverClient, InvalidRequest, Money, NotFound, ServiceUnavailable
from clover_desk.api.atomic_orders import CartLineItem, OrderCart
from clover_desk.api.models.platform import ExportStatus, ExportType, Order, PaymentState
from clover_desk.api.models.recurring import Interval
from clover_desk.api.tokens import CardDetails
from clover_desk.api.transport import decode_export_file
from clover_desk.sandbox import RunningSandbox

pytestmark = pytest.mark.asyncio


async def test_merchant_and_tenders(client: CloverClient) -> None:
    merchant = await client.platform.get_merchant(expand=["tenders"])
    assert merchant.id == client.profile.merchant_id
    tenders = await client.platform.list_tenders().collect()
    assert any(t.label_key == "com.clover.tender.cash" for t in tenders)
    assert merchant.tenders is not None
    assert {t.id for t in merchant.tenders.elements} == {t.id for t in tenders}


async def test_merchant_employees(demo_sandbox: RunningSandbox, make_client: ClientFactory) -> None:
    client = make_client(demo_sandbox.info)
    mid = demo_sandbox.info["merchant_id"]
    rows = demo_sandbox.state.db.query(
        "SELECT id, name FROM employees WHERE merchant_id = ? ORDER BY rowid", (mid,)
    )
    assert rows
    employees = await client.platform.get_employees()
    assert [(e.id, e.name) for e in employees] == [(r["id"], r["name"]) for r in rows]
    merchant = await client.platform.get_merchant(expand=["tenders", "employees"])
    assert merchant.tenders is not None
    assert merchant.employees is not None
    assert [e.id for e in merchant.employees.elements] == [e.id for e in employees]
    assert (await client.platform.get_merchant()).employees is None  # only when expanded


async def test_custom_order_line_items_and_payment(client: CloverClient) -> None:
    platform = client.platform
    order = await platform.create_order(title="Counter sale", currency="usd", total=0)
    assert order.state == "open"
    line = await platform.add_line_item(order.id, name="Scone", price=450)
    assert line.price == 450
    assert (await platform.get_line_item(order.id, line.id)).name == "Scone"
    assert [li.id for li in await platform.list_line_items(order.id).collect()] == [line.id]
    updated = await platform.update_order(order.id, {"total": 450})
    assert updated.money == Money(450, "USD")

    cash = next(
        t
        for t in await platform.list_tenders().collect()
        if t.label_key == "com.clover.tender.cash"
    )
    payment = await platform.record_order_payment(order.id, amount=450, tender_id=cash.id)
    assert payment.amount == 450
    assert [p.id for p in await platform.list_order_payments(order.id).collect()] == [payment.id]
    assert (await platform.get_payment(payment.id)).order is not None
    assert payment.id in [p.id async for p in platform.list_payments()]

    full = await platform.get_order(order.id, expand=["lineItems", "payments"])
    assert full.payment_state is PaymentState.PAID
    assert full.line_items is not None
    assert [li.id for li in full.line_items.elements] == [line.id]
    assert order.id in [o.id async for o in platform.list_orders()]

    await platform.delete_line_item(order.id, line.id)
    await platform.delete_order(order.id)
    with pytest.raises(NotFound):
        await platform.get_order(order.id)
    with pytest.raises(ValueError, match="at most 3"):
        platform.list_orders(expand=["a", "b", "c", "d"])


async def test_v3_refunds_after_an_ecommerce_refund(client: CloverClient) -> None:
    token = await client.tokens.create_card_token(
        CardDetails("4242424242424242", "12", "2031", "123")
    )
    charge = await client.ecommerce.create_charge(Money(1200, "USD"), token.id)
    refund = await client.ecommerce.create_refund(charge.id, amount=300)
    refunds = await client.platform.list_refunds().collect()
    assert refunds
    assert any(r.amount == 300 for r in refunds)
    one = await client.platform.get_refund(refunds[0].id)
    assert one.id == refunds[0].id
    assert refund.id


async def test_v3_customers(client: CloverClient) -> None:
    platform = client.platform
    customer = await platform.create_customer(
        first_name="Quinn", last_name="Reyes", emails=["quinn@example.com"], phones=["555-0101"]
    )
    expanded = await platform.get_customer(customer.id, expand=["emailAddresses", "phoneNumbers"])
    assert expanded.emails == ["quinn@example.com"]
    assert expanded.phones == ["555-0101"]
    renamed = await platform.update_customer(customer.id, first_name="Quincy")
    assert renamed.first_name == "Quincy"
    found = await platform.list_customers(filters=["firstName=Quincy"]).collect()
    assert [c.id for c in found] == [customer.id]
    await platform.delete_customer(customer.id)
    with pytest.raises(NotFound):
        await platform.get_customer(customer.id)


async def test_v3_customer_sub_resources(client: CloverClient) -> None:
    platform = client.platform
    expand = ["emailAddresses", "phoneNumbers", "addresses"]
    customer = await platform.create_customer(
        first_name="Ada",
        emails=["ada@example.com"],
        addresses=[{"address1": "1 Main St", "city": "Springfield", "zip": "01101"}],
    )
    created = await platform.get_customer(customer.id, expand=expand)
    assert created.addresses is not None
    [address] = created.addresses.elements
    assert (address.address1, address.city, address.zip) == ("1 Main St", "Springfield", "01101")
    assert created.email_addresses is not None
    [first_email] = created.email_addresses.elements
    assert first_email.id

    email = await platform.add_email_address(customer.id, "lovelace@example.com", primary=True)
    assert email.id
    assert (email.email_address, email.primary_email) == ("lovelace@example.com", True)
    moved = await platform.update_email_address(
        customer.id, email.id, email_address="countess@example.com"
    )
    assert (moved.id, moved.email_address, moved.primary_email) == (
        email.id,
        "countess@example.com",
        True,
    )
    await platform.delete_email_address(customer.id, first_email.id)

    phone = await platform.add_phone_number(customer.id, "555-0100")
    assert phone.id
    assert (await platform.update_phone_number(customer.id, phone.id, "555-0199")).phone_number == (
        "555-0199"
    )
    second = await platform.add_phone_number(customer.id, "555-0200")
    assert second.id
    await platform.delete_phone_number(customer.id, second.id)

    assert address.id
    changed = await platform.update_address(customer.id, address.id, city="Shelbyville")
    assert (changed.address1, changed.city) == ("1 Main St", "Shelbyville")
    extra = await platform.add_address(customer.id, address1="2 Side St", country="US")
    assert extra.id
    await platform.delete_address(customer.id, extra.id)

    after = await platform.get_customer(customer.id, expand=expand)
    assert after.emails == ["countess@example.com"]
    assert after.phones == ["555-0199"]
    assert after.addresses is not None
    assert [(a.id, a.city) for a in after.addresses.elements] == [(address.id, "Shelbyville")]
    found = await platform.list_customers(filters=["emailAddress=countess@example.com"]).collect()
    assert [c.id for c in found] == [customer.id]
    with pytest.raises(NotFound):
        await platform.update_phone_number(customer.id, second.id, "555-0300")
    with pytest.raises(NotFound):
        await platform.delete_address("NOSUCHCUSTOMER", address.id)


async def test_inventory(client: CloverClient) -> None:
    inv = client.inventory
    item = await inv.create_item("Latte", 450, sku="LAT-1")
    assert (await inv.get_item(item.id)).price == 450
    assert (await inv.update_item(item.id, {"price": 475})).price == 475
    assert item.id in [i.id async for i in inv.list_items()]
    stock = await inv.set_item_stock(item.id, 12)
    assert stock.quantity == 12
    assert (await inv.get_item_stock(item.id)).quantity == 12
    assert await inv.list_item_stocks().collect()

    category = await inv.create_category("Drinks")
    assert category.id in [c.id async for c in inv.list_categories()]
    rate = await inv.create_tax_rate("City", rate=850_000)
    assert (await inv.get_tax_rate(rate.id)).rate == 850_000
    assert rate.id in [r.id async for r in inv.list_tax_rates()]
    group = await inv.create_modifier_group("Milk", max_allowed=1)
    oat = await inv.create_modifier(group.id, "Oat", price=60)
    assert (await inv.get_modifier_group(group.id)).id == group.id
    assert [m.id for m in await inv.list_modifiers(group.id).collect()] == [oat.id]
    assert oat.id in [m.id async for m in inv.list_modifiers()]
    assert group.id in [g.id async for g in inv.list_modifier_groups()]
    discount = await inv.create_discount("Loyalty", amount=-100)
    assert (await inv.get_discount(discount.id)).amount == -100
    assert discount.id in [d.id async for d in inv.list_discounts()]
    order_type = await inv.create_order_type("Takeout", taxable=True)
    assert (await inv.get_order_type(order_type.id)).label == "Takeout"
    assert order_type.id in [o.id async for o in inv.list_order_types()]
    service = await inv.get_default_service_charge()
    assert service.id

    await inv.delete_discount(discount.id)
    await inv.delete_modifier_group(group.id)
    await inv.delete_tax_rate(rate.id)
    await inv.delete_category(category.id)
    await inv.delete_order_type(order_type.id)
    await inv.delete_item(item.id)
    with pytest.raises(NotFound):
        await inv.get_item(item.id)


async def test_atomic_checkout_order_and_pay(client: CloverClient) -> None:
    item = await client.inventory.create_item("Bagel", 300)
    cart = OrderCart(
        line_items=[CartLineItem(item={"id": item.id}), CartLineItem(name="Jam", price=75)]
    )
    totals = await client.atomic_orders.checkout(cart)
    assert totals.total == 375
    order = await client.atomic_orders.create_order(cart)
    assert order.total == 375
    token = await client.tokens.create_card_token(
        CardDetails("4242424242424242", "12", "2031", "123")
    )
    paid = await client.ecommerce.pay_order(order.id, source=token.id, email="a@example.com")
    assert paid.amount_paid == 375
    with pytest.raises(InvalidRequest) as missing:
        await client.atomic_orders.checkout(
            OrderCart(line_items=[CartLineItem(item={"id": "NOSUCHITEM123"})])
        )
    assert missing.value.code == "item_does_not_exist"


async def test_recurring_plans_and_subscriptions(client: CloverClient) -> None:
    recurring = client.recurring
    plan = await recurring.create_plan("Coffee Club", 1500, Interval.MONTH, 1, note="monthly")
    assert plan.active is True
    assert plan.interval is Interval.MONTH
    assert plan.created_time is not None
    assert plan.created_time.tzinfo is not None
    assert (await recurring.get_plan(plan.id)).name == "Coffee Club"
    assert plan.id in [p.id async for p in recurring.list_plans()]
    assert (await recurring.update_plan(plan.id, amount=1600)).amount == 1600

    token = await client.tokens.create_card_token(
        CardDetails("4242424242424242", "12", "2031", "123")
    )
    customer = await client.ecommerce.create_customer("club@example.com", token.id)
    start = (datetime.now(UTC) + timedelta(days=3)).date()
    subscription = await recurring.create_subscription(plan.id, customer.id, start_date=start)
    assert subscription.customer == customer.id
    assert subscription.start_date is not None
    assert [s.id for s in await recurring.list_plan_subscriptions(plan.id).collect()] == [
        subscription.id
    ]
    assert subscription.id in [s.id async for s in recurring.list_subscriptions()]
    assert (await recurring.get_subscription(subscription.id)).id == subscription.id
    assert (await recurring.update_subscription(subscription.id, note="x")).note == "x"
    assert (await recurring.cancel_subscription(subscription.id)).active is False
    await recurring.delete_subscription(subscription.id)
    assert (await recurring.deactivate_plan(plan.id)).active is False
    await recurring.delete_plan(plan.id)
    with pytest.raises(NotFound):
        await recurring.get_plan(plan.id)


async def test_exports_stream_file_by_file(
    demo_sandbox: RunningSandbox, make_client: ClientFactory
) -> None:
    client = make_client(demo_sandbox.info)
    orders = [o async for o in client.platform.list_orders()]
    times = [o.created_time for o in orders if o.created_time is not None]
    start, end = min(times), max(times) + timedelta(seconds=1)
    span = min(end - start, timedelta(days=30))
    export = await client.exports.create(ExportType.ORDERS, end - span, end)
    assert export.status in (ExportStatus.PENDING, ExportStatus.IN_PROGRESS, ExportStatus.DONE)
    done = await client.exports.wait(export.id, poll_interval=0.05, max_wait=60)
    assert done.status is ExportStatus.DONE
    files = 0
    exported: list[Order] = []
    async for batch in client.exports.files(done, Order):
        files += 1
        assert len(batch) <= 1000
        exported.extend(batch)
    assert files == len(done.urls)
    in_window = {o.id for o in orders if o.created_time and end - span <= o.created_time <= end}
    assert {o.id for o in exported} == in_window
    # Undecoded, for the history's writer process: the same files, the same orders.
    contents = [content async for content in client.exports.file_contents(done)]
    assert len(contents) == files
    decoded = [o for content in contents for o in decode_export_file(content, Order)]
    assert [o.id for o in decoded] == [o.id for o in exported]


async def test_export_outside_service_hours(make_client: ClientFactory) -> None:
    from clover_desk.sandbox import start_sandbox

    with start_sandbox(seed="empty", export_windows=True) as windowed:
        now = datetime.now(UTC)
        evening = now.replace(hour=20, minute=0, second=0, microsecond=0)  # outside 10-15 UTC
        if evening <= now:
            evening += timedelta(days=1)
        admin_post(
            windowed.info,
            "/clock",
            {"advance_ms": int((evening - now) / timedelta(milliseconds=1))},
        )
        client = make_client(windowed.info)
        with pytest.raises(ServiceUnavailable) as closed:
            await client.exports.create(ExportType.PAYMENTS, now - timedelta(days=1), now)
        assert closed.value.status == 503
        assert closed.value.available_hours
        assert "10:00" in closed.value.available_hours
        with pytest.raises(ValueError, match="30 days"):
            await client.exports.create(ExportType.ORDERS, now - timedelta(days=31), now)
