"""The tank-site gateway: Modbus TCP sensors → signed readings → SQLite buffer → node (HTTP) and/or MQTT.

Modules: ``config`` (the file and its checks), ``convert`` (registers to
levels, NE43), ``modbus`` (polling), ``buffer``/``schema`` (the SQLite
outbox, its own Alembic migrations), ``relay`` (exactly-once ``tank.report``
delivery), ``mqtt`` (topics, publisher), ``bridge`` (the node-side MQTT
subscriber), ``service`` (the gateway process), ``metrics``, ``errors``.
See docs/gateway.md.
"""
