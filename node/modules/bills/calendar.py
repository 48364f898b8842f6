"""Calendar months of block times, in integers (UTC), for monthly statements."""

from __future__ import annotations

MS_PER_DAY = 86_400_000


def civil_from_days(days: int) -> tuple[int, int, int]:
    """(year, month, day) of the proleptic Gregorian date ``days`` after 1970-01-01 (H. Hinnant)."""
    z = days + 719_468
    era = (z if z >= 0 else z - 146_096) // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return (y + 1 if m <= 2 else y), m, d


def month_of(time_ms: int) -> str:
    """``YYYY-MM`` of a time in milliseconds since the Unix epoch, UTC."""
    y, m, _ = civil_from_days(int(time_ms) // MS_PER_DAY)
    return f"{y:04d}-{m:02d}"
