"""A monthly statement or a single bill as a printable document (HTML → PDF through QTextDocument) and as CSV.

The HTML is built on the GUI thread (plain string work); ``write_pdf`` and
``write_csv`` are blocking and meant for an executor
(``services.run_blocking``): QTextDocument and QPdfWriter are reentrant and
need no widgets, so a long statement never stalls the window.
"""

from __future__ import annotations

import csv
import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.formatting import format_amount, format_amount_locale, format_time_ms
from app.models.bills_model import bill_cells
from app.models.dapp_common import format_litres

translate = QCoreApplication.translate


def _e(text: Any) -> str:
    return html.escape(str(text))


def bill_headers() -> list[str]:
    return [
        translate("statement", "Bill"), translate("statement", "Date"), translate("statement", "Order"),
        translate("statement", "Site"), translate("statement", "Item"), translate("statement", "Quantity"),
        translate("statement", "Unit price"), translate("statement", "Amount"), translate("statement", "Direction"),
    ]


def statement_html(statement: dict[str, Any], bills: Sequence[dict[str, Any]], *, party_name: str,
                   counterparty_name: str, height: int | None, generated_ms: int) -> str:
    """A statement with its bills as HTML for QTextDocument (no external resources)."""
    party = str(statement["party"])
    rows = []
    for b in bills:
        cells = bill_cells(b, party)
        rows.append("<tr>" + "".join(
            f'<td nowrap align="{"right" if i in (0, 5, 6, 7) else "left"}">{_e(c)}</td>'
            for i, c in enumerate(cells))
            + "</tr>")
    head = "".join(f"<th nowrap>{_e(h)}</th>" for h in bill_headers())
    title = translate("statement", "Monthly statement {0}").format(statement["month"])
    at = translate("statement", "From the chain at height {0}; generated {1}.").format(
        height if height is not None else "—", format_time_ms(generated_ms))
    # Labels outside the f-string: lupdate does not look inside f-string expressions.
    labels = {
        "party": translate("statement", "Party:"), "counterparty": translate("statement", "Counterparty:"),
        "month": translate("statement", "Month (UTC):"), "bills": translate("statement", "Bills:"),
        "paid": translate("statement", "Paid:"), "received": translate("statement", "Received:"),
        "total": translate("statement", "Total:"),
    }
    L = {k: _e(v) for k, v in labels.items()}
    return f"""<html><head><meta charset="utf-8"><style>
h1 {{ font-size: 15pt; margin-bottom: 2px; }}
table.bills th {{ background: #e8ecf2; border-bottom: 1px solid #777; padding: 3px; text-align: left; }}
table.bills td {{ border-bottom: 1px solid #ccc; padding: 3px; font-size: 8pt; }}
table.totals td {{ padding: 2px 10px 2px 0; }}
.muted {{ color: #666; }}
</style></head><body>
<h1>{_e(title)}</h1>
<table class="totals">
<tr><td>{L["party"]}</td><td><b>{_e(party_name)}</b><br/><span class="muted">{_e(party)}</span></td></tr>
<tr><td>{L["counterparty"]}</td><td><b>{_e(counterparty_name)}</b><br/><span class="muted">{_e(statement["counterparty"])}</span></td></tr>
<tr><td>{L["month"]}</td><td>{_e(statement["month"])}</td></tr>
<tr><td>{L["bills"]}</td><td>{_e(statement["count"])}</td></tr>
<tr><td>{L["paid"]}</td><td><b>{_e(format_amount_locale(int(statement["paid"])))}</b></td></tr>
<tr><td>{L["received"]}</td><td><b>{_e(format_amount_locale(int(statement["received"])))}</b></td></tr>
<tr><td>{L["total"]}</td><td>{_e(format_amount_locale(int(statement["total"])))}</td></tr>
</table>
<p class="muted">{_e(at)}</p>
<table class="bills" width="100%" cellspacing="0"><thead><tr>{head}</tr></thead><tbody>
{"".join(rows)}
</tbody></table>
</body></html>"""


def bill_html(bill: dict[str, Any], *, payer_name: str, payee_name: str, generated_ms: int) -> str:
    """One settlement bill as HTML."""
    unit = str(bill.get("unit") or "L")
    lines = [
        (translate("statement", "Bill no.:"), bill["bill_no"]),
        (translate("statement", "Kind:"), translate("statement", "settlement of a tank order") if
         bill.get("kind") == "tank_order" else translate("statement", "resolution of a disputed order")),
        (translate("statement", "Order:"), bill["reference"]),
        (translate("statement", "Payer:"), f"{payer_name} ({bill['payer']})"),
        (translate("statement", "Payee:"), f"{payee_name} ({bill['payee']})"),
        (translate("statement", "Item:"), bill.get("item", "")),
        (translate("statement", "Delivered to:"), bill.get("site", "")),
        (translate("statement", "Quantity:"), format_litres(int(bill["quantity"])) if unit == "L"
         else f"{bill['quantity']} {unit}"),
        (translate("statement", "Unit price:"), bill_cells(bill, "")[6]),
        (translate("statement", "Amount:"), format_amount_locale(int(bill["amount"]))),
        (translate("statement", "Settled:"), format_time_ms(int(bill["time_ms"]))),
        (translate("statement", "Block:"), bill["height"]),
        (translate("statement", "Statement month:"), bill["month"]),
    ]
    body = "".join(f"<tr><td>{_e(k)}</td><td><b>{_e(v)}</b></td></tr>" for k, v in lines)
    title = translate("statement", "Settlement bill {0}").format(bill["bill_no"])
    note = translate("statement", "Generated {0} from the chain's bill record.").format(format_time_ms(generated_ms))
    return (f'<html><head><meta charset="utf-8"></head><body><h1 style="font-size:15pt">{_e(title)}</h1>'
            f'<table cellpadding="3">{body}</table><p style="color:#666">{_e(note)}</p></body></html>')


def write_pdf(html_text: str, path: Path, *, title: str = "") -> Path:
    """Render ``html_text`` to an A4 PDF at ``path`` (blocking; atomic: a temp file renamed)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    writer = QPdfWriter(str(tmp))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("Depot")
    doc = QTextDocument()
    # Lay out with the writer's own resolution, so point sizes are points on paper.
    doc.documentLayout().setPaintDevice(writer)
    font = QFont(doc.defaultFont())
    font.setPointSizeF(9)
    doc.setDefaultFont(font)
    doc.setHtml(html_text)
    rect = writer.pageLayout().paintRectPixels(writer.resolution())
    doc.setPageSize(QSizeF(rect.width(), rect.height()))
    doc.print_(writer)
    del writer  # flushes and closes the file
    os.replace(tmp, path)
    return path


def statement_csv_rows(statement: dict[str, Any], bills: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Machine-readable rows: exact minor units and plain decimal amounts, ISO-like times, full addresses."""
    party = str(statement["party"])
    out = [["bill_no", "time", "month", "order", "site", "item", "quantity", "unit", "unit_price_minor",
            "amount_minor", "amount", "direction", "payer", "payee", "height"]]
    for b in bills:
        direction = "paid" if b["payer"] == party else "received" if b["payee"] == party else ""
        out.append([str(b["bill_no"]), format_time_ms(int(b["time_ms"])), str(b["month"]), str(b["reference"]),
                    str(b.get("site", "")), str(b.get("item", "")), str(b["quantity"]), str(b.get("unit") or "L"),
                    str(b["unit_price"]), str(b["amount"]), format_amount(int(b["amount"]), group=""), direction,
                    str(b["payer"]), str(b["payee"]), str(b["height"])])
    return out


def write_csv(rows: Sequence[Sequence[str]], path: Path) -> Path:
    """Write ``rows`` as UTF-8 CSV with a BOM (spreadsheets on Windows read it right); atomic."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    os.replace(tmp, path)
    return path
