"""The mark beside every value the explorer and node pages show: where it came from and whether it is proven.

A value the light client proved carries "Verified against block N"; a value
read from a full node's data on this computer says so; a value a remote
node's API sent without a proof says "Unverified".  Nothing is shown as fact
without one of these marks, and a failed proof is shown in red with its
reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from app.formatting import format_count

VERIFIED = "verified"
"""Proven by this computer's light client against a verified header."""
FULL_NODE = "full_node"
"""Read from a full node on this computer that re-executed every block."""
DATA_FOLDER = "data_folder"
"""Read from a node data folder opened by hand: executed elsewhere, not re-verified here."""
UNVERIFIED = "unverified"
"""Sent by a node's API without a proof."""
CHECKING = "checking"
FAILED = "failed"
"""A proof was asked for and did not hold (or could not be had)."""
NONE = "none"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a shown value came from."""

    kind: str
    height: int | None = None
    """The verified block (``VERIFIED``) or how far the local data goes (``FULL_NODE``, ``DATA_FOLDER``)."""
    source: str = ""
    """The node URL or data folder."""
    detail: str = ""
    """Why verification failed, or a note (translated)."""


# (light theme, dark theme) colours: text, background, border.
_COLOURS = {
    VERIFIED: (("#1b5e20", "#e8f5e9", "#66bb6a"), ("#a5d6a7", "#1b3320", "#43a047")),
    FULL_NODE: (("#0d47a1", "#e3f2fd", "#64b5f6"), ("#90caf9", "#152a40", "#1e88e5")),
    DATA_FOLDER: (("#4e342e", "#efebe9", "#a1887f"), ("#d7ccc8", "#2e2522", "#8d6e63")),
    UNVERIFIED: (("#8a4b00", "#fff3e0", "#ffa726"), ("#ffcc80", "#3a2a12", "#fb8c00")),
    CHECKING: (("#37474f", "#eceff1", "#90a4ae"), ("#cfd8dc", "#263238", "#78909c")),
    FAILED: (("#b71c1c", "#ffebee", "#e57373"), ("#ef9a9a", "#3d1a1a", "#e53935")),
    NONE: (("#616161", "transparent", "transparent"), ("#9e9e9e", "transparent", "transparent")),
}


class VerifiedMark(QLabel):
    """A small coloured badge saying where the values next to it came from."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifiedMark")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._provenance = Provenance(NONE)
        self._restyle()

    @property
    def provenance(self) -> Provenance:
        return self._provenance

    def set_provenance(self, provenance: Provenance) -> None:
        self._provenance = provenance
        self.setText(self.text_for(provenance))
        self.setToolTip(self.tooltip_for(provenance))
        self._restyle()

    def text_for(self, p: Provenance) -> str:
        h = "—" if p.height is None else format_count(p.height)
        if p.kind == VERIFIED:
            return "✔ " + self.tr("Verified against block {0}").format(h)
        if p.kind == FULL_NODE:
            if p.height is None:
                return self.tr("From local full node, re-executed")
            return self.tr("From local full node, re-executed (up to block {0})").format(h)
        if p.kind == DATA_FOLDER:
            return self.tr("From a copied data folder, not re-verified here (up to block {0})").format(h)
        if p.kind == UNVERIFIED:
            return "⚠ " + self.tr("Unverified: from the node's API without proof")
        if p.kind == CHECKING:
            return self.tr("Verifying with the light client…")
        if p.kind == FAILED:
            return "✖ " + self.tr("Not verified: {0}").format(p.detail or self.tr("the proof did not hold"))
        return ""

    def tooltip_for(self, p: Provenance) -> str:
        if p.kind == VERIFIED:
            return self.tr(
                "Proven on this computer by the light client: the value's proof leads to the "
                "state root of block {0}, whose header more than two thirds of the validators signed."
            ).format(p.height)
        if p.kind == FULL_NODE:
            return self.tr(
                "Read from the data of a full node on this computer ({0}), which executed every "
                "block itself and checked every block's signatures."
            ).format(p.source)
        if p.kind == DATA_FOLDER:
            return self.tr(
                "Read from the node data folder {0}. Its blocks were executed on another computer; "
                "verify the folder before relying on these values."
            ).format(p.source)
        if p.kind == UNVERIFIED:
            return self.tr(
                "Sent by {0} without a proof. A node that lies could send anything here."
            ).format(p.source or self.tr("the node"))
        if p.kind == FAILED:
            return p.detail
        return ""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._restyle()
        super().changeEvent(event)

    def _restyle(self) -> None:
        # The application's palette, not ours: our own style sheet changes our palette.
        dark = QGuiApplication.palette().window().color().lightness() < 128
        fg, bg, border = _COLOURS.get(self._provenance.kind, _COLOURS[NONE])[1 if dark else 0]
        style = (
            f"QLabel#verifiedMark {{ color: {fg}; background: {bg}; border: 1px solid {border};"
            f" border-radius: 9px; padding: 1px 8px; }}"
        )
        if self.styleSheet() != style:
            self.setStyleSheet(style)
