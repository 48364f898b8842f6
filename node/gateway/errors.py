"""Expected failures of the tank-site gateway, the MQTT bridge and the tank simulator.

Each class carries a stable ``code`` (the CLI prints it in its JSON error line
and the app can translate it); messages name the file, field or endpoint at
fault and never a password or a key.
"""

from __future__ import annotations

from node.core.errors import DepotError


class GatewayError(DepotError):
    """Base of the gateway's expected failures."""

    code = "gateway_error"


class GatewayConfigError(GatewayError):
    """The gateway or bridge configuration is unreadable or invalid (file, field and reason in the message)."""

    code = "gateway_config_invalid"


class SensorReadError(GatewayError):
    """A Modbus endpoint did not answer, refused the request or answered with an exception."""

    code = "sensor_read_failed"


class GatewayBufferError(GatewayError):
    """The SQLite buffer cannot be opened or is from a newer release."""

    code = "gateway_buffer_error"


class InvalidReadingMessage(GatewayError):
    """A message from the broker that is not a correctly signed reading of the tank its topic names."""

    code = "invalid_reading_message"


class MqttUnavailable(GatewayError):
    """The MQTT broker could not be reached or refused the connection."""

    code = "mqtt_unavailable"


class ChainMismatch(GatewayError):
    """The node serves another chain than the one this gateway's buffer was made for."""

    code = "gateway_chain_mismatch"


class SimulatorError(DepotError):
    """Bad input to the tank simulator (unknown tank, bad quantity, too many tanks)."""

    code = "simulator_error"
