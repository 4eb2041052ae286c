"""v3 customers: sub-collections only when expanded, flat filters, POST updates, 405s."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from test_platform_support import all_pages, ok, v3

from clover_desk.sandbox import RunningSandbox


def new_customer(api: httpx.Client, mid: str, **body: Any) -> dict[str, Any]:
    created: dict[str, Any] = ok(api.post(v3(mid, "/customers"), json=body))
    return created


def test_create_with_sub_collections_ignores_flat_email_and_phone(
    api: httpx.Client, mid: str
) -> None:
    customer = new_customer(
        api,
        mid,
        firstName="Ada",
        lastName="Lovelace",
        marketingAllowed=True,
        email="flat@ignored.example",
        phone="000",
        emailAddresses=[{"emailAddress": "ada@example.com", "primaryEmail": True}],
        phoneNumbers={"elements": [{"phoneNumber": "+1 555 0100"}]},
    )
    assert customer["firstName"] == "Ada"
    assert customer["marketingAllowed"] is True
    assert "email" not in customer
    assert "phone" not in customer
    assert customer["emailAddresses"]["elements"][0]["emailAddress"] == "ada@example.com"
    assert len(customer["emailAddresses"]["elements"][0]["id"]) == 13
    plain = ok(api.get(v3(mid, f"/customers/{customer['id']}")))
    assert plain["href"].endswith(v3(mid, f"/customers/{customer['id']}"))
    for hidden in ("emailAddresses", "phoneNumbers", "addresses", "cards", "metadata"):
        assert hidden not in plain
    assert isinstance(plain["customerSince"], int)
    full = ok(
        api.get(
            v3(mid, f"/customers/{customer['id']}"),
            params={"expand": "emailAddresses,phoneNumbers,addresses"},
        )
    )
    assert full["phoneNumbers"]["elements"][0]["phoneNumber"] == "+1 555 0100"
    assert full["addresses"] == {"elements": []}
    too_many = api.get(
        v3(mid, f"/customers/{customer['id']}"),
        params={"expand": "emailAddresses,phoneNumbers,addresses,cards"},
    )
    assert too_many.status_code == 400


def test_update_is_post_and_put_patch_are_405(api: httpx.Client, mid: str) -> None:
    customer = new_customer(api, mid, firstName="Grace")
    url = v3(mid, f"/customers/{customer['id']}")
    updated = ok(api.post(url, json={"lastName": "Hopper", "email": "ignored@example.com"}))
    assert updated["lastName"] == "Hopper"
    assert updated["firstName"] == "Grace"
    for method in ("PUT", "PATCH"):
        response = api.request(method, url, json={"lastName": "X"})
        assert response.status_code == 405
        assert response.headers["content-type"].startswith("text/plain")
    assert api.post(url, json={"firstName": "x" * 65}).status_code == 400
    assert api.post(v3(mid, "/customers/NOSUCHCUSTOMR"), json={}).status_code == 404


def test_delete_customer(api: httpx.Client, mid: str) -> None:
    customer = new_customer(api, mid, firstName="Gone")
    url = v3(mid, f"/customers/{customer['id']}")
    assert ok(api.delete(url)) == {}
    missing = api.get(url)
    assert missing.status_code == 404
    assert missing.json() == {"message": "Not Found", "details": "Customer not found"}
    assert ok(api.get(v3(mid, "/customers")))["elements"] == []
    found = ok(api.get(v3(mid, "/customers"), params={"filter": "deletedTime>0"}))["elements"]
    assert [c["id"] for c in found] == [customer["id"]]


def test_sub_resources(api: httpx.Client, mid: str) -> None:
    customer = new_customer(api, mid, firstName="Sub")
    base = v3(mid, f"/customers/{customer['id']}")
    phone = ok(api.post(base + "/phone_numbers", json={"phoneNumber": "555-0101"}))
    assert phone["customer"] == {"id": customer["id"]}
    email = ok(api.post(base + "/email_addresses", json={"emailAddress": "sub@example.com"}))
    address = ok(api.post(base + "/addresses", json={"address1": "1 Main St", "city": "Reno"}))
    card = ok(
        api.post(base + "/cards", json={"first6": "411111", "last4": "1111", "cardType": "VISA"})
    )
    metadata = ok(api.post(base + "/metadata", json={"businessName": "Sub Co", "dobYear": 1990}))
    assert metadata["businessName"] == "Sub Co"
    ok(api.post(base + f"/phone_numbers/{phone['id']}", json={"phoneNumber": "555-0199"}))
    ok(api.post(base + f"/addresses/{address['id']}", json={"zip": "89501"}))
    full = ok(api.get(base, params={"expand": "phoneNumbers,addresses,cards"}))
    assert full["phoneNumbers"]["elements"][0]["phoneNumber"] == "555-0199"
    assert full["addresses"]["elements"][0]["zip"] == "89501"
    assert full["addresses"]["elements"][0]["city"] == "Reno"
    assert full["cards"]["elements"][0]["last4"] == "1111"
    meta = ok(api.get(base, params={"expand": "metadata"}))["metadata"]
    assert meta["dobYear"] == 1990
    assert ok(api.delete(base + f"/email_addresses/{email['id']}")) == {}
    assert ok(api.delete(base + f"/cards/{card['id']}")) == {}
    after = ok(api.get(base, params={"expand": "emailAddresses,cards"}))
    assert after["emailAddresses"] == {"elements": []}
    assert after["cards"] == {"elements": []}
    assert api.delete(base + f"/cards/{card['id']}").status_code == 404


@pytest.mark.parametrize(
    ("segment", "body"),
    [
        ("cards", {"last4": "1111"}),
        ("cards", {"first6": "411111"}),
        ("cards", {"first6": "41", "last4": "1111"}),
        ("phone_numbers", {}),
        ("email_addresses", {"emailAddress": "not-an-email"}),
    ],
)
def test_sub_resource_validation(
    api: httpx.Client, mid: str, segment: str, body: dict[str, str]
) -> None:
    customer = new_customer(api, mid, firstName="V")
    response = api.post(v3(mid, f"/customers/{customer['id']}/{segment}"), json=body)
    assert response.status_code == 400
    assert "message" in response.json()


def test_filters_are_flat_and_anded(api: httpx.Client, mid: str) -> None:
    ada = new_customer(
        api,
        mid,
        firstName="Ada",
        lastName="King",
        marketingAllowed=True,
        emailAddresses=[{"emailAddress": "ada@example.com"}],
        phoneNumbers=[{"phoneNumber": "555-1"}],
    )
    new_customer(api, mid, firstName="Ada", lastName="Byron")
    new_customer(api, mid, firstName="Charles", lastName="Babbage")

    def ids(*filters: str) -> list[str]:
        response = api.get(v3(mid, "/customers"), params=[("filter", f) for f in filters])
        return [c["id"] for c in ok(response)["elements"]]

    assert ids("emailAddress=ada@example.com") == [ada["id"]]
    assert ids("phoneNumber=555-1") == [ada["id"]]
    assert ids("fullName=Ada King") == [ada["id"]]
    assert len(ids("firstName=Ada")) == 2
    assert ids("firstName=Ada", "marketingAllowed=true") == [ada["id"]]
    assert ids("firstName=Ada", "lastName=Babbage") == []
    response = api.get(v3(mid, "/customers"), params={"filter": "shoeSize=9"})
    assert response.status_code == 400
    header = ok_header(api, mid)
    assert set(header.split(", ")) == {
        "customerSince",
        "firstName",
        "lastName",
        "fullName",
        "marketingAllowed",
        "id",
        "deletedTime",
        "emailAddress",
        "phoneNumber",
    }


def ok_header(api: httpx.Client, mid: str) -> str:
    response = api.get(v3(mid, "/customers"))
    assert response.status_code == 200
    return response.headers["X-Clover-Allowed-Filter-Fields"]


def test_paging_newest_first(api: httpx.Client, mid: str, admin: httpx.Client) -> None:
    created = []
    for n in range(7):
        created.append(new_customer(api, mid, firstName=f"C{n}")["id"])
        ok(admin.post("clock", json={"advance_ms": 1000}))
    listed = all_pages(api, v3(mid, "/customers/"), limit=3)
    assert [c["id"] for c in listed] == list(reversed(created))


def test_isolation(
    sandbox: RunningSandbox, api: httpx.Client, mid: str, other_merchant: dict[str, str]
) -> None:
    customer = new_customer(api, mid, firstName="Private")
    with httpx.Client(
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {other_merchant['api_token']}"},
    ) as other:
        assert other.get(v3(mid, "/customers")).status_code == 401
        assert other.post(v3(mid, f"/customers/{customer['id']}"), json={}).status_code == 401
        own = v3(other_merchant["merchant_id"], "/customers")
        assert ok(other.get(own))["elements"] == []
        assert other.get(f"{own}/{customer['id']}").status_code == 404
        assert other.delete(f"{own}/{customer['id']}").status_code == 404
