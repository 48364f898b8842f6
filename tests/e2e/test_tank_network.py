"""Issue 6 end to end: tanks that order by themselves, on four validators, over real Modbus and real MQTT.

Every part runs as it is deployed:

- ``depot devnet --validators 4``: four node processes speaking HTTP on loopback;
- the tank simulator, a Modbus TCP server whose clock runs 600 times faster than real time (a simulated
  hour in six seconds, starting at 07:00, the morning peak); it refills a tank when it sees
  ``order.dispatched`` on node1's event stream;
- gateway ``north`` (``depot gateway``) reads two tanks and publishes over MQTT to the suite's Mosquitto;
  ``depot gateway bridge`` takes the readings from there to node0;
- gateway ``west`` reads the other two and relays over HTTP to node2, through its own relaying account;
- the supplier's clerk dispatches with the wallet's builder and signer, against node3.

Four tanks for two buyers -- northmill (the devnet's customer) and westfarm (an organisation and account
the validators admit by governance) -- start just above their warning lines.  Nobody acts until every
tank has ordered.  Then: one automatic order per tank, each from a gateway's ``tank.report``; the
buyers' escrow frozen by exactly the orders' amounts; dispatch; the simulated tanks refill and the
readings on chain rise; settlement pays the supplier delivered quantity × price and releases the rest
(one tank takes less than ordered: it is full at 95 %); one order settles at the end of its dispute
window, by the chain alone; a bill for both sides of every order; supply unchanged and the sum of all
balances and escrow equal to it, to the minor unit; the same state root on all four validators.

No step is timed: each wait polls the chain with a bound far above a healthy run's needs.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

from app.demo_tanks import DemoChain
from node.client import NodeClient
from node.core.address import format_address, parse_address
from node.core.crypto import Scheme
from node.core.encoding import decode
from node.core.types import U8, U32, U64, Amount
from node.gateway.buffer import Buffer
from node.modules.accounts.records import (
    ACCOUNT_PREFIX,
    SUPPLY_KEY,
    Account,
    AccountKey,
    TokenSupply,
    account_key,
)
from node.modules.accounts.transitions import RegisterAccount, RegisterOrganisation, Transfer
from node.modules.bills.records import Bill, MonthlyStatement, bill_key, statement_key
from node.modules.tanks.payloads import AcceptTank, RegisterStorage
from node.modules.tanks.records import (
    DEFAULT_PARAMS,
    ORDER_PREFIX,
    DeviceKey,
    Order,
    OrderStatus,
    StorageTank,
    TankLive,
    TankTerms,
    live_key,
    order_id_of,
    order_key,
    storage_key,
)
from node.modules.tanks.registration import terms_hash
from node.sim.tanks import DAY_MS, HOUR_MS, TankSpec, gateway_tanks
from tests.e2e.tank_site import Child, SimThread, clerk_send, pass_by_vote, wait_for, write_json
from tests.gateway.gwkit import KeyOnDisk, now_ms, vertical_geometry, write_key
from tests.kit import DevnetProcess, depot

pytestmark = pytest.mark.e2e

R = TypeVar("R")

VALIDATORS = 4
TIME_SCALE = 600.0
POLL_S = 0.4
STORAGE = "acme-depot-7"
PRODUCT = "diesel"
STOCK_L = 200_000
WESTFARM_FUNDS = 200_000_00  # 200,000.00 tokens from the bank
FILL_SETTLE_MS = 3_000  # the readings' clock is real time; the pumps run 600× faster


@dataclass(frozen=True)
class SiteTank:
    """A simulated tank and the terms its buyer and the supplier agree on."""

    spec: TankSpec
    buyer: str
    """``customer`` (northmill) or ``westfarm``."""
    gateway: str
    """``north`` (MQTT through the bridge) or ``west`` (HTTP)."""
    warning_mm: int
    reorder_l: int
    unit_price: int
    dispute_window_ms: int = 0


# TankSpec(id, height mm, capacity L, daily use L, start level mm).  Warning lines 15-20 mm under the start.
TANKS = (
    SiteTank(TankSpec("northmill-a", 3000, 20_000, 6_000, 1200), "customer", "north", 1180, 10_000, 1_23),
    # The buyer may dispute for 4 s after the fill: the chain settles it at the end of that window by itself.
    SiteTank(TankSpec("northmill-b", 2500, 16_000, 5_000, 1000), "customer", "west", 985, 8_000, 1_31, 4_000),
    SiteTank(TankSpec("westfarm-a", 3000, 24_000, 7_000, 1260), "westfarm", "north", 1240, 12_000, 97),
    # Orders 90 % of its capacity from 45 %: the truck stops at 95 % full, so less is delivered than ordered.
    SiteTank(TankSpec("westfarm-b", 2000, 12_000, 4_000, 900), "westfarm", "west", 885, 10_800, 1_10),
)
PARTIAL = "westfarm-b"


# --- reading the chain --------------------------------------------------------------------------


def records(c: NodeClient, prefix: bytes, record_type: type[R]) -> list[R]:
    out: list[R] = []
    after: bytes | None = None
    while True:
        page = c.records(prefix, after=after, limit=1000)
        out.extend(decode(record_type, bytes.fromhex(r["value"])) for r in page["records"])
        if not page.get("next"):
            return out
        after = bytes.fromhex(page["next"])


def state(c: NodeClient, key: bytes, record_type: type[R], height: int | None = None) -> R | None:
    value = c.state(key, height=height)["value"]
    return decode(record_type, bytes.fromhex(value)) if value else None


def events(c: NodeClient, kind: str, from_height: int = 1) -> list[dict[str, Any]]:
    """Every event of ``kind`` from ``from_height`` on, paged with the node's cursor."""
    out: list[dict[str, Any]] = []
    after = None
    while True:
        page = c.events(from_height=from_height, kind=kind, limit=1000, after=after)
        out += page["events"]
        after = page["next"]
        if after is None:
            return out


def heights(rpcs: list[str]) -> list[int]:
    out = []
    for rpc in rpcs:
        with NodeClient(rpc) as c:
            out.append(int(c.status()["height"]))
    return out


def in_step(rpcs: list[str]) -> int:
    """Wait until every node has the highest block any of them had when asked, and return that height.

    Transactions were confirmed by one node; another may be a block behind.  (BFT: no forks, so a node that
    has height h has the same first h blocks as every other.)
    """
    top = max(heights(rpcs))
    wait_for(lambda: min(heights(rpcs)) >= top, f"every validator at height {top}")
    return top


def accounts(c: NodeClient) -> dict[str, Account]:
    return {format_address(a.address): a for a in records(c, ACCOUNT_PREFIX, Account)}


def supply(c: NodeClient) -> TokenSupply:
    s = state(c, SUPPLY_KEY, TokenSupply)
    assert s is not None
    return s


# --- the network ----------------------------------------------------------------------------------


@pytest.fixture
def devnet4(tmp_path: Path) -> Iterator[DevnetProcess]:
    net = DevnetProcess(tmp_path / "net", validators=VALIDATORS, extra=["--block-time-ms", "250"])
    try:
        yield net
    finally:
        code = net.stop()
    assert code == 0, net.log_text()[-3000:]


@dataclass
class Site:
    """The chain as the test drives it, and the keys of the parties the devnet does not bring."""

    chain: DemoChain
    rpcs: list[str]
    westfarm: KeyOnDisk
    relay_west: KeyOnDisk
    devices: dict[str, KeyOnDisk]

    def address(self, who: str) -> str:
        return self.chain.address(who)


def admit_parties(net: DevnetProcess, keys: Path) -> Site:
    """Westfarm (organisation, clerk) and the west gateway's relaying account by vote; westfarm funded by the bank;
    fills judged on a 3 s pause (the default of two minutes is for real pumps)."""
    chain = DemoChain.load(net.home)
    keys.mkdir(parents=True, exist_ok=True)
    westfarm, relay_west = write_key(keys, "westfarm"), write_key(keys, "relay-west")
    devices = {"north": write_key(keys, "device-north"), "west": write_key(keys, "device-west", Scheme.P256)}

    def account(k: KeyOnDisk, org: str, name: str, role: str) -> RegisterAccount:
        return RegisterAccount(k.address, org, name, (role,), (AccountKey(U8(int(k.key.scheme)), k.key.public_key),),
                               U8(1), U8(0), Amount(0))

    pass_by_vote(chain, VALIDATORS, [
        ("Westfarm Agri joins the consortium", "org.register", RegisterOrganisation("westfarm", "Westfarm Agri Ltd", "customer")),
        ("Westfarm's finance clerk", "account.register", account(westfarm, "westfarm", "finance-clerk-1", "customer")),
        ("The west tank site's gateway", "account.register", account(relay_west, "acme-fuel", "gateway-west", "gateway")),
        ("Fills of the accelerated test site settle after a 3 s pause", "tank.set_params",
         dataclasses.replace(DEFAULT_PARAMS, fill_settle_ms=U64(FILL_SETTLE_MS))),
    ])
    chain.accounts["westfarm"] = {"name": "westfarm", "address": format_address(westfarm.address),
                                  "keystore": str(westfarm.keyfile), "password": westfarm.password_file.read_text()}
    chain.send("bank", [("token.transfer", Transfer(westfarm.address, Amount(WESTFARM_FUNDS), "working capital"))])
    return Site(chain, [n["rpc"] for n in net.info["nodes"]], westfarm, relay_west, devices)


def register_tanks(site: Site) -> None:
    """The supplier's storage; each tank's terms proposed by the supplier and accepted by its buyer."""
    chain = site.chain
    chain.send("supplier", [("tank.register_storage", RegisterStorage(STORAGE, PRODUCT, U64(2 * STOCK_L), U64(STOCK_L)))])
    terms = {}
    for t in TANKS:
        dev = site.devices[t.gateway].key
        terms[t.spec.tank_id] = TankTerms(
            tank_id=t.spec.tank_id, owner=parse_address(chain.address(t.buyer)),
            supplier=parse_address(chain.address("supplier")), storage_id=STORAGE, product=PRODUCT,
            geometry=vertical_geometry(t.spec), capacity_l=U64(t.spec.capacity_l), warning_mm=U32(t.warning_mm),
            critical_mm=U32(t.warning_mm * 6 // 10), reorder_l=U64(t.reorder_l), debounce=U8(3),
            # A simulated pump fills hundreds of millimetres per real second.
            max_rise_mm_per_min=U32(10_000_000), max_fall_mm_per_min=U32(10_000_000),
            unit_price=Amount(t.unit_price), delivery_deadline_ms=U64(3_600_000),
            dispute_window_ms=U64(t.dispute_window_ms), device_keys=(DeviceKey(U8(int(dev.scheme)), dev.public_key),),
        )
    chain.send("supplier", [("tank.propose", terms[t.spec.tank_id]) for t in TANKS])
    for buyer in ("customer", "westfarm"):
        mine = [terms[t.spec.tank_id] for t in TANKS if t.buyer == buyer]
        chain.send(buyer, [("tank.accept", AcceptTank(x.tank_id, terms_hash(x))) for x in mine])


def gateway_configs(site: Site, sim: SimThread, mqtt_url: str, folder: Path) -> dict[str, Path]:
    chain_id = site.chain.chain_id
    registers = {t["tank_id"]: t for t in gateway_tanks(sim.sim, "sim")}
    out = {}
    for name in ("north", "west"):
        dev = site.devices[name]
        doc: dict[str, Any] = {
            "gateway": {"name": name, "poll_interval_s": POLL_S, "data_dir": str(folder / f"{name}-data"),
                        "device_keyfile": str(dev.keyfile), "device_password_file": str(dev.password_file),
                        "chain_id": chain_id, "durable": False},
            "sensors": [{"name": "sim", "host": "127.0.0.1", "port": sim.port}],
            "tanks": [registers[t.spec.tank_id] for t in TANKS if t.gateway == name],
        }
        if name == "north":
            doc["mqtt"] = {"url": mqtt_url, "client_id": f"gw-north-{chain_id}"}
        else:
            doc["http"] = {"rpc": site.rpcs[2], "relay_keyfile": str(site.relay_west.keyfile),
                           "relay_password_file": str(site.relay_west.password_file), "wait_s": 5}
        out[name] = write_json(folder / f"{name}.json", doc)
    return out


# --- the test ----------------------------------------------------------------------------------------


def test_tanks_order_escrow_refill_settle_and_bill_by_themselves_on_four_validators(
    devnet4: DevnetProcess, mqtt_url: str, tmp_path: Path
) -> None:
    site = admit_parties(devnet4, tmp_path / "keys")
    register_tanks(site)
    chain = site.chain
    buyers = {"customer": site.address("customer"), "westfarm": site.address("westfarm")}
    supplier = site.address("supplier")
    relays = {"north": site.address("gateway"), "west": format_address(site.relay_west.address)}
    by_id = {t.spec.tank_id: t for t in TANKS}
    orders_of = {t.spec.tank_id: order_id_of(t.spec.tank_id, 1) for t in TANKS}

    in_step(site.rpcs)
    with NodeClient(site.rpcs[3]) as c:
        accounts_before, supply_before = accounts(c), supply(c)
    assert sum(a.balance + a.frozen for a in accounts_before.values()) == supply_before.issued - supply_before.redeemed

    # The simulated morning starts at 07:00 (UTC) today: consumption is near its peak.
    sim_start = now_ms() // DAY_MS * DAY_MS + 7 * HOUR_MS
    sim = SimThread([t.spec for t in TANKS], seed=6, start_ms=sim_start, time_scale=TIME_SCALE, rpc=site.rpcs[1],
                    travel_ms=5 * 60_000)
    sim.start()
    children: list[Child] = []
    try:
        configs = gateway_configs(site, sim, mqtt_url, tmp_path)
        gw_pw = tmp_path / "bridge-relay.pw"
        gw_pw.write_text(chain.accounts["gateway"]["password"])
        bridge = Child("bridge", ["gateway", "bridge", "--mqtt", mqtt_url, "--rpc", site.rpcs[0],
                                  "--keystore", chain.accounts["gateway"]["keystore"], "--password-file", str(gw_pw),
                                  "--data-dir", str(tmp_path / "bridge-data"), "--client-id", f"bridge-{chain.chain_id}",
                                  "--log-level", "INFO"], tmp_path / "bridge.log")
        children.append(bridge)
        # A broker queues readings only for sessions that have subscribed: the bridge connects first.
        wait_for(lambda: bridge.check_running() or "connected to the MQTT broker" in bridge.tail(100_000),
                 "the bridge to connect to Mosquitto")
        for name in ("north", "west"):
            children.append(Child(f"gateway {name}", ["gateway", "--config", str(configs[name]), "--log-level", "INFO"],
                                  tmp_path / f"gateway-{name}.log"))

        def lives() -> dict[str, TankLive | None]:
            for ch in children:
                ch.check_running()
            with NodeClient(site.rpcs[0]) as c:
                return {t.spec.tank_id: state(c, live_key(t.spec.tank_id), TankLive) for t in TANKS}

        # 1. The first readings reach the chain through both paths, every tank above its line; no order yet.
        def all_read() -> dict[str, TankLive | None] | None:
            lv = lives()
            return lv if all(x is not None and x.has_level for x in lv.values()) else None

        first = wait_for(all_read, "a first level of every tank on chain")
        for tid, lv in first.items():
            assert lv is not None and lv.level_mm >= by_id[tid].warning_mm and lv.orders == 0, (tid, lv)

        # 2. Simulated time runs; the tanks drain; the chain orders for each of them with nobody acting.
        sim.start_clock()

        def all_confirmed() -> dict[str, Order] | None:
            lives()
            with NodeClient(site.rpcs[3]) as c:
                got = {tid: state(c, order_key(oid), Order) for tid, oid in orders_of.items()}
            if all(o is not None and o.status != OrderStatus.AWAITING_STOCK and o.status != OrderStatus.AWAITING_FUNDS
                   for o in got.values()):
                return got  # type: ignore[return-value]
            return None

        confirmed = wait_for(all_confirmed, "an order for every tank")
        for tid, o in confirmed.items():
            t = by_id[tid]
            assert o.status == OrderStatus.CONFIRMED, (tid, o)
            assert int(o.quantity_l) == t.reorder_l and int(o.unit_price) == t.unit_price
            assert int(o.estimated_cost) == int(o.escrow) == t.reorder_l * t.unit_price
            assert format_address(o.buyer) == buyers[t.buyer] and format_address(o.supplier) == supplier
            assert int(o.trigger_level_mm) < t.warning_mm and o.reserved

        with NodeClient(site.rpcs[3]) as c:
            height = int(c.status()["height"])
            mid = {who: state(c, account_key(parse_address(addr)), Account, height)
                   for who, addr in {**buyers, "supplier": supplier}.items()}
            storage = state(c, storage_key(STORAGE), StorageTank, height)
            created = events(c, "order.created")
        # Escrow: each buyer's tokens for exactly its orders' estimated cost are frozen, taken from its balance.
        for who, addr in buyers.items():
            owed = sum(int(o.estimated_cost) for tid, o in confirmed.items() if by_id[tid].buyer == who)
            before = accounts_before[addr]
            assert int(mid[who].frozen) == int(before.frozen) + owed
            assert int(mid[who].balance) == int(before.balance) - owed
            assert int(mid[who].nonce) == int(before.nonce)  # the buyer signed nothing
        assert int(mid["supplier"].nonce) == int(accounts_before[supplier].nonce)  # nor did the supplier
        assert mid["supplier"].balance == accounts_before[supplier].balance
        assert storage is not None and int(storage.reserved_l) == sum(t.reorder_l for t in TANKS)
        # Each order came out of a gateway's report: the bridge's account (MQTT) or the west relay (HTTP).
        assert sorted(e["attrs"]["order_id"] for e in created) == sorted(orders_of.values())
        with NodeClient(site.rpcs[3]) as c:
            for e in created:
                tx = c.tx(e["tx_id"])["tx"]
                assert tx["kind"] == "tank.report", tx
                assert tx["sender"] == relays[by_id[e["attrs"]["tank_id"]].gateway], (e, tx["sender"])

        # 3. The supplier's clerk dispatches every order (wallet: build, check, sign, submit) on node3.
        supplier_key = chain.accounts["supplier"]
        dispatched_at: dict[str, int] = {}
        for tid, o in confirmed.items():
            view = clerk_send(site.rpcs[3], Path(supplier_key["keystore"]), supplier_key["password"], "order.dispatch",
                              {"order_id": o.order_id, "quantity_l": int(o.quantity_l)})
            dispatched_at[tid] = int(view["height"])
            assert [e["kind"] for e in view["events"]] == ["order.dispatched"]

        # 4. The trucks arrive; the gateways' readings show the fills; the chain delivers and settles by itself.
        wait_for(lambda: sim.server.dispatches_seen == len(TANKS), "the simulator to see every dispatch")

        def all_settled() -> dict[str, Order] | None:
            lives()
            with NodeClient(site.rpcs[1]) as c:
                got = {tid: state(c, order_key(oid), Order) for tid, oid in orders_of.items()}
            return got if all(o is not None and o.status == OrderStatus.SETTLED for o in got.values()) else None  # type: ignore[return-value]

        settled = wait_for(all_settled, "every order to settle")
        truck_l = sim.call(lambda: {tid: st.delivered_l for tid, st in sim.sim.tanks.items()})
        true_level = sim.call(lambda: {tid: sim.sim.level_mm(tid) for tid in sim.sim.tanks})
    finally:
        codes = {ch.name: ch.stop() for ch in reversed(children)}
        sim.stop()
    assert all(code == 0 for code in codes.values()), {n: (c, ch.tail()) for ch in children for n, c in codes.items()
                                                       if ch.name == n and c != 0}
    for ch in children:
        assert "Traceback" not in ch.tail(1_000_000), ch.tail()

    # --- what the chain shows once everything stopped -----------------------------------------------------
    final = in_step(site.rpcs)
    with NodeClient(site.rpcs[3]) as c:
        all_orders = records(c, ORDER_PREFIX, Order)
        final_lives = {t.spec.tank_id: state(c, live_key(t.spec.tank_id), TankLive) for t in TANKS}
        accounts_after, supply_after = accounts(c), supply(c)
        storage = state(c, storage_key(STORAGE), StorageTank)
        accepted = events(c, "reading.accepted")
        faults = events(c, "reading.fault")
        delivered_ev = {e["attrs"]["order_id"]: e for e in events(c, "order.delivered")}
        settled_ev = {e["attrs"]["order_id"]: e for e in events(c, "order.settled")}
        bills = {o.order_id: state(c, bill_key(int(o.bill_no)), Bill) for o in all_orders}

    # Every reading was a level: no NE43 current, no implausible jump (the pumps' rise included).
    assert faults == []
    summaries = {ch.name: json.loads(ch.tail(1_000_000).rsplit("stopped: ", 1)[1].splitlines()[0]) for ch in children}
    buffers = {"gateway north": tmp_path / "north-data" / "buffer.sqlite3",
               "gateway west": tmp_path / "west-data" / "buffer.sqlite3",
               "bridge": tmp_path / "bridge-data" / "bridge.sqlite3"}
    for name, summary in summaries.items():
        # (Read and delivery errors are not counted against it: on a loaded machine a poll or a request may
        # time out, and is retried -- what matters is that the chain refused no reading.)
        assert summary["readings_rejected"] == 0 and summary["faults"] == 0, (name, summary)
        buffer = Buffer(buffers[name], durable=False, clock_ms=now_ms)
        try:
            assert summary["buffered"] == buffer.backlog(), (name, summary)  # what is left, told as it is
        finally:
            buffer.close()
    north, west, bridged = summaries["gateway north"], summaries["gateway west"], summaries["bridge"]
    assert north["readings_read"] > 0 and west["readings_read"] > 0
    # The MQTT path: what north published reached the bridge, nothing malformed; every north reading on chain
    # came through it.
    north_on_chain = len([e for e in accepted if by_id[e["attrs"]["tank_id"]].gateway == "north"])
    assert bridged["readings_invalid"] == 0
    assert 0 < north_on_chain <= bridged["readings_received"] <= north["readings_published"]

    # One automatic order per tank, no more; every tank free to order again.
    assert sorted(o.order_id for o in all_orders) == sorted(orders_of.values())
    for tid, lv in final_lives.items():
        assert lv is not None and lv.orders == 1 and lv.open_order == "" and not lv.fill_watch, (tid, lv)

    paid_by = {who: 0 for who in buyers}
    for o in all_orders:
        t = by_id[o.tank_id]
        assert o == settled[o.tank_id]
        delivered, paid, released = int(o.delivered_l), int(o.paid), int(o.released)
        # Settlement: delivered quantity × agreed price to the supplier, the rest of the escrow back to the buyer.
        assert o.status == OrderStatus.SETTLED and o.evidence == 1 and int(o.escrow) == 0 and not o.reserved
        assert int(o.dispatched_l) == t.reorder_l and 0 < delivered <= t.reorder_l
        assert paid == delivered * t.unit_price
        assert released == t.reorder_l * t.unit_price - paid
        paid_by[t.buyer] += paid
        # The truck's litres, as the readings measured them (consumption during pumping, ±2 mm noise).
        if t.spec.tank_id == PARTIAL:
            assert truck_l[o.tank_id] < t.reorder_l  # the truck stopped at 95 %
            assert delivered < t.reorder_l and released > 0
        else:
            assert truck_l[o.tank_id] == t.reorder_l
        # (Consumption goes on while the truck pumps: a few per cent at this hour, more if a loaded machine
        # delays the readings around the fill.)
        assert truck_l[o.tank_id] * 90 // 100 <= delivered <= truck_l[o.tank_id] * 101 // 100, (o.order_id, delivered)
        # The refill in the readings: levels after the dispatch rise by what was delivered.
        after = [int(e["attrs"]["level_mm"]) for e in accepted
                 if e["attrs"]["tank_id"] == o.tank_id and e["height"] >= dispatched_at[o.tank_id]]
        rise_mm = delivered * t.spec.height_mm // t.spec.capacity_l
        assert max(after) - min(after) >= rise_mm * 9 // 10, (o.tank_id, min(after), max(after), rise_mm)
        assert max(after) > t.warning_mm + rise_mm // 2 and true_level[o.tank_id] > t.warning_mm
        # Evidence and settlement events; the tank with a dispute window settled by the end-of-block hook.
        assert delivered_ev[o.order_id]["attrs"]["evidence"] == "fill"
        assert int(delivered_ev[o.order_id]["attrs"]["quantity_l"]) == delivered
        s = settled_ev[o.order_id]["attrs"]
        assert (int(s["amount"]), int(s["released"]), int(s["bill_no"])) == (paid, released, int(o.bill_no))
        assert s["automatic"] is (t.dispute_window_ms > 0)
        if t.dispute_window_ms:
            assert settled_ev[o.order_id]["tx_index"] is None  # end of block, no transaction
            assert int(o.closed_ms) >= int(o.delivered_ms) + t.dispute_window_ms
        # The bill, one record for both parties.
        b = bills[o.order_id]
        assert b is not None and int(b.bill_no) == int(o.bill_no) > 0
        assert (b.kind, b.reference, b.payer, b.payee, b.item, b.site, b.unit) == (
            "tank_order", o.order_id, o.buyer, o.supplier, PRODUCT, o.tank_id, "L")
        assert (int(b.quantity), int(b.unit_price), int(b.amount)) == (delivered, t.unit_price, paid)

    # Each side's monthly statement with the other lists the bills and their totals.
    with NodeClient(site.rpcs[2]) as c:
        for who in buyers:
            mine = [o for o in all_orders if by_id[o.tank_id].buyer == who]
            for month in {bills[o.order_id].month for o in mine}:  # type: ignore[union-attr]
                in_month = [o for o in mine if bills[o.order_id].month == month]  # type: ignore[union-attr]
                nos = sorted(int(o.bill_no) for o in in_month)
                total = sum(int(o.paid) for o in in_month)
                buyer_st = state(c, statement_key(mine[0].buyer, mine[0].supplier, month), MonthlyStatement)
                supplier_st = state(c, statement_key(mine[0].supplier, mine[0].buyer, month), MonthlyStatement)
                assert buyer_st is not None and supplier_st is not None
                assert sorted(int(n) for n in buyer_st.bill_nos) == nos == sorted(int(n) for n in supplier_st.bill_nos)
                assert (int(buyer_st.paid), int(buyer_st.received)) == (total, 0)
                assert (int(supplier_st.paid), int(supplier_st.received)) == (0, total)

    # Money: buyers paid exactly what they were billed, the supplier received it, nobody else's tokens moved;
    # supply unchanged; all balances and escrow add up to it, to the minor unit.
    assert supply_after == supply_before
    assert sum(int(a.balance) + int(a.frozen) for a in accounts_after.values()) == supply_after.issued - supply_after.redeemed
    for addr, a in accounts_after.items():
        b = accounts_before[addr]
        if addr in buyers.values():
            who = next(w for w, x in buyers.items() if x == addr)
            assert (int(a.balance), int(a.frozen)) == (int(b.balance) - paid_by[who], int(b.frozen)), who
            assert a.nonce == b.nonce  # nobody acted for the buyers, from the first reading to the last
        elif addr == supplier:
            assert (int(a.balance), int(a.frozen)) == (int(b.balance) + sum(paid_by.values()), int(b.frozen))
            assert int(a.nonce) == int(b.nonce) + len(TANKS)  # the dispatches, nothing else
        else:
            assert (a.balance, a.frozen) == (b.balance, b.frozen), addr
    assert set(accounts_after) == set(accounts_before)
    assert storage is not None and int(storage.reserved_l) == 0
    assert int(storage.inventory_l) == STOCK_L - sum(int(o.delivered_l) for o in all_orders)

    # What a clerk's `depot orders list --json` shows agrees with the records.
    out = depot("orders", "list", "--rpc", site.rpcs[1], "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    rows = {r["order_id"]: r for r in json.loads(out.stdout)["orders"]}
    assert set(rows) == set(orders_of.values())
    for o in all_orders:
        r = rows[o.order_id]
        assert (r["status"], r["delivered_l"], r["actual_cost"], r["released"], r["escrow"], r["bill_no"]) == (
            "settled", int(o.delivered_l), int(o.paid), int(o.released), 0, int(o.bill_no))

    # Four validators, one state: the same block and state root at the final height on every node.
    headers = []
    for rpc in site.rpcs:
        with NodeClient(rpc) as c:
            h = c.header(final)
            headers.append((h["block_id"], h["header"]["state_root"]))
    assert len(set(headers)) == 1, headers
