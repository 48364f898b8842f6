"""The whole replenishment loop through real parts: simulator → Modbus → gateway → node → order → dispatch
→ the simulator refills (seen on the node's event stream) → the gateway's readings show the fill → settlement.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from node.client import NodeClient
from node.core.encoding import decode
from node.core.types import U64
from node.gateway.config import load_config
from node.gateway.service import Gateway
from node.modules.tanks.payloads import Dispatch
from node.modules.tanks.records import Order, OrderStatus, order_key
from node.sim.tanks import SimClock, SimulatorServer, TankSimulator, TankSpec, gateway_tanks
from tests.gateway.gwkit import TankNet, gateway_config, now_ms, until

pytestmark = pytest.mark.e2e

PRICE = 800  # minor units per litre


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TankNet]:
    n = TankNet(tmp_path_factory.mktemp("loopnet"))
    n.start()
    yield n
    n.stop()


def order_of(net: TankNet, order_id: str) -> Order | None:
    with NodeClient(net.rpc) as c:
        value = c.state(order_key(order_id))["value"]
    return decode(Order, bytes.fromhex(value)) if value else None


def test_a_low_tank_orders_and_the_dispatched_delivery_refills_and_settles(net: TankNet, tmp_path: Path):
    # 20,000 L over 3 m; 40 % full, under a warning line at 2 m: the first three readings order 5,000 L.
    spec = TankSpec("loop-0001", 3000, 20_000, 2_000, 1200)
    net.register_tanks([spec], warning_mm=2000, reorder_l=5000, unit_price=PRICE)
    order_id = f"{spec.tank_id}#00000001"
    with NodeClient(net.rpc) as c:
        supplier_before = c.account(net.address("supplier"))["account"]["balance"]

    async def main() -> TankSimulator:
        sim = TankSimulator([spec], seed=41, start_ms=now_ms(), travel_ms=60_000, pump_l_per_min=2_000)
        # The simulation ticks faster than the gateway polls, so the level moves between any two readings
        # (a repeated value mid-fill reads as "the pump stopped" to the contract).
        server = SimulatorServer(sim, port=0, clock=SimClock(now_ms(), 60.0), tick_s=0.05, rpc=net.rpc)
        await server.start()
        cfg = load_config(gateway_config(tmp_path / "gw.json", net, name="loop", sim_port=server.port,
                                         tanks=gateway_tanks(sim, "sim")))
        gw = Gateway(cfg)
        stop = asyncio.Event()
        task = asyncio.create_task(gw.run(stop))
        try:
            await until(lambda: order_of(net, order_id) is not None, what="the chain to order by itself")
            order = order_of(net, order_id)
            assert order is not None and order.status == OrderStatus.CONFIRMED and int(order.quantity_l) == 5000
            level_before = sim.level_mm(spec.tank_id)
            await asyncio.to_thread(net.send, "supplier", [("order.dispatch", Dispatch(order_id, U64(5000)))])
            await until(lambda: server.dispatches_seen == 1, what="the simulator to see the dispatch")
            await until(lambda: (o := order_of(net, order_id)) is not None and o.status == OrderStatus.SETTLED,
                        timeout_s=90, what="the fill to be seen and settled")
            assert sim.level_mm(spec.tank_id) > level_before + 600
        finally:
            stop.set()
            await task
            await server.stop()
        return sim

    sim = asyncio.run(main())
    order = order_of(net, order_id)
    assert order is not None
    delivered = int(order.delivered_l)
    assert sim.tanks[spec.tank_id].delivered_l == 5000
    assert 4_900 <= delivered <= 5000  # the rise the readings show, in the contract's geometry
    assert int(order.paid) == delivered * PRICE and int(order.paid) + int(order.released) == 5000 * PRICE
    with NodeClient(net.rpc) as c:
        assert c.account(net.address("supplier"))["account"]["balance"] == supplier_before + delivered * PRICE
