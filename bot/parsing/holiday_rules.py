"""Holidays as deadlines: 'antes de Navidad', 'después de Fiestas Patrias', 'before Thanksgiving'.

The dates come from the `holidays` library for the person's country (the `country` argument of
parse_promise, else the country of now's IANA timezone, from tzdata's zone.tab). The library
and the table are loaded on the first text that names a holiday, never at import: they cost
about 100-200 ms once per process. Each (country, year) calendar is kept once built: it is
library data, the same for every text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date, timedelta

from .lazy import LazyPattern
from .lexicon import alternation, word_set
from .patterns import B, E
from .pieces import DAY, Context, Piece

# What people call a holiday (folded) -> (key, English name pattern in the library, the
# country whose calendar to use when the person's own has no such holiday, or "").
_NAMES: list[tuple[str, str, str, str]] = [
    ("navidad|la navidad|dia de navidad|christmas|christmas day|xmas|las fiestas"
     "|the holidays|the holiday season|fiestas de fin de ano",
     "christmas", r"(?:^|; )christmas day", "ES"),
    ("nochebuena|noche buena|christmas eve", "christmas_eve", "", ""),
    ("ano nuevo|new year|new years|new year's|new year's day|new years day",
     "new_year", r"new year's day", "ES"),
    ("nochevieja|noche vieja|new year's eve|new years eve", "new_year_eve", "", ""),
    ("fiestas patrias|las fiestas patrias|dia de la independencia|independence day",
     "independence", r"(?:^|; )(?:national )?independence day|independence declaration"
     r"|declaration of independence", ""),
    ("thanksgiving|thanksgiving day|accion de gracias|dia de accion de gracias",
     "thanksgiving", r"thanksgiving", "US"),
    ("viernes santo|good friday", "good_friday", r"good friday", "GB"),
    ("jueves santo|maundy thursday|holy thursday", "holy_thursday",
     r"maundy thursday|holy thursday", "CO"),
    ("semana santa|holy week|easter|pascua|semana de pascua", "holy_week",
     r"good friday", "GB"),
    ("dia del trabajo|dia del trabajador|dia de los trabajadores|labor day|labour day|may day",
     "labor_day", r"labou?r day|workers'? day|worker's day|may day", ""),
    ("reyes|dia de reyes|dia de los reyes|reyes magos|epifania|epiphany", "epiphany",
     r"epiphany", "ES"),
    ("todos los santos|dia de todos los santos|all saints|all saints day|all saints' day",
     "all_saints", r"all saints", "ES"),
    ("la inmaculada|inmaculada concepcion|dia de la inmaculada", "immaculate",
     r"immaculate conception", "ES"),
    ("dia de la raza|la hispanidad|dia de la hispanidad|columbus day|dia del encuentro"
     "|encuentro de dos mundos", "columbus",
     r"columbus day|meeting of two worlds|cultural diversity|indigenous resistance"
     r"|^national day$", "ES"),
    ("memorial day", "memorial", r"memorial day", "US"),
    ("mlk day|martin luther king day|martin luther king jr day", "mlk",
     r"martin luther king", "US"),
    ("presidents day|presidents' day|president's day", "presidents",
     r"washington's birthday|presidents", "US"),
    ("juneteenth", "juneteenth", r"juneteenth", "US"),
    ("veterans day", "veterans", r"veterans day", "US"),
    ("boxing day", "boxing", r"boxing day", "GB"),
    ("carnaval|carnival", "carnival", r"carnival", ""),
    ("feriado|festivo|dia feriado|dia festivo|puente|holiday|public holiday|bank holiday"
     "|long weekend|fin de semana largo|finde largo|los feriados",
     "any", "", ""),
]  # fmt: skip

_KEYS: dict[str, str] = {}
_SOURCES: dict[str, tuple[str, str]] = {}
for _phrases, _key, _pattern, _home in _NAMES:
    for _phrase in _phrases.split("|"):
        _KEYS[_phrase] = _key
    _SOURCES[_key] = (_pattern, _home)
# key -> (compiled name pattern or None for any holiday, fallback country): compiled on first use
_MATCHERS: dict[str, tuple[re.Pattern[str] | None, str]] = {}


def _matcher(key: str) -> tuple[re.Pattern[str] | None, str]:
    if key not in _MATCHERS:
        pattern, home = _SOURCES[key]
        _MATCHERS[key] = (re.compile(pattern, re.IGNORECASE) if pattern else None, home)
    return _MATCHERS[key]


# Holiday words that are ordinary words or names too need a deadline word before them or "next"
# ("antes del feriado", "before the holiday", "el próximo feriado", "antes de Reyes"): a bare
# "holiday" is often a vacation, "el puente" a bridge, "Reyes" a surname.
_GENERIC = frozenset([*(p for p, k in _KEYS.items() if k == "any"), "reyes"])

HOLIDAY = LazyPattern(
    B + r"(?P<after>(?:despues|luego|pasado|pasada|pasados|pasadas|after|tras|past)"
    r"(?:\s+(?:de|del|de\s+la|de\s+las|de\s+los))?\s+)?"
    r"(?P<art>(?:el|la|las|los|the|this|este|esta|en|para|for|on|at|by)\s+)?"
    r"(?P<next>(?:proximo|proxima|siguiente|next|coming)\s+)?"
    r"(?P<name>" + alternation(_KEYS) + r")"
    r"(?:\s+(?:de\s+|del\s+)?(?P<y>20\d\d))?" + E,
)
_PLAIN = word_set("la las los el de del the dia day s of jr")
_WORDS = [phrase.replace("'", " ").split() for phrase in _KEYS]
# For the anchor table (anchors.py): each name's last telling word, which sets the rule off, and
# every word a name may hold, which the walk back to its start may cross.
ANCHORS = " ".join(sorted({[w for w in ws if w not in _PLAIN][-1] for ws in _WORDS}))
NAME_WORDS = " ".join(sorted({w for ws in _WORDS for w in ws}))


def holiday(m: re.Match[str], s: str, ctx: Context) -> Piece | None:
    """'Navidad', 'antes de Navidad', 'después de Fiestas Patrias', 'before Thanksgiving',
    'el próximo feriado': the holiday's date in the person's country."""
    name = " ".join(m["name"].replace("-", " ").split())
    key = _KEYS.get(name)
    if key is None:
        return None
    if name in _GENERIC and not (m["next"] or m["after"] or _led(s, m.start())):
        return None  # "el puente" may be a bridge: "antes del puente", "el próximo feriado"
    country = ctx.country or country_of(ctx.now.tzinfo)
    year = int(m["y"]) if m["y"] else None
    found = _find(key, country, ctx.today, year)
    if found is None:
        return None
    day, calendar = found
    block_start, block_end = _block(day, calendar)
    if m["after"]:
        after = _working_day(block_end + timedelta(days=1), calendar, 1)
        return Piece(DAY, m.start(), m.end(), day=after)
    piece = Piece(DAY, m.start(), m.end(), day=day)
    # "antes de Navidad": the last working day before the holiday and the days off around it
    piece.first = _working_day(block_start - timedelta(days=1), calendar, -1) + timedelta(days=1)
    return piece


_LED = LazyPattern(
    r"(?:antes|before|prior\s+to|hasta|until|till|by|para|for)(?:\s+(?:de|del))?\s*$"
)


def _led(s: str, start: int) -> bool:
    return _LED.search(s, max(0, start - 14), start) is not None


def _find(
    key: str, country: str | None, today: date, year: int | None
) -> tuple[date, dict[date, str]] | None:
    """The next date (today included) of holiday `key`, and the calendar it came from."""
    for code in (country, _matcher(key)[1]):
        if not code:
            continue
        years = (year,) if year else (today.year, today.year + 1)
        calendar = _merged(code, years)
        if calendar is None:
            continue
        since = today if year is None else date(year, 1, 1)
        if key in ("christmas_eve", "new_year_eve"):  # the day before Christmas, New Year
            following = _next(
                code,
                years,
                "christmas" if key == "christmas_eve" else "new_year",
                since + timedelta(days=1),
            )
            day = None if following is None else following - timedelta(days=1)
        else:
            # any holiday: the next one after today; a named one: today included
            day = _next(code, years, key, since + timedelta(days=1) if key == "any" else since)
        if day is not None:
            return day, calendar
    return None


# Library data kept once built, never texts: a country's holidays over some years, merged, and
# the days each holiday name falls on in them.
_MERGED: dict[tuple[str, tuple[int, ...]], dict[date, str] | None] = {}
_DAYS: dict[tuple[str, tuple[int, ...], str], list[date]] = {}


def _merged(code: str, years: tuple[int, ...]) -> dict[date, str] | None:
    if (code, years) not in _MERGED:
        calendars = [c for c in (_calendar(code, y) for y in years) if c is not None]
        merged: dict[date, str] | None = None
        if calendars:
            merged = {}
            for calendar in calendars:
                merged.update(calendar)
        _MERGED[code, years] = merged
    return _MERGED[code, years]


def _next(code: str, years: tuple[int, ...], key: str, since: date) -> date | None:
    """The first day on or after `since` that holiday `key` falls on in those years."""
    if (code, years, key) not in _DAYS:
        matcher = _matcher(key)[0]
        calendar = _merged(code, years) or {}
        _DAYS[code, years, key] = [
            day
            for day in sorted(calendar)
            if (matcher is None or matcher.search(calendar[day]))
            and "observed" not in calendar[day]
        ]
    days = _DAYS[code, years, key]
    index = bisect_left(days, since)
    return days[index] if index < len(days) else None


def _block(day: date, calendar: dict[date, str]) -> tuple[date, date]:
    """The run of days off (holidays and weekends) around a holiday."""
    start = end = day
    while _off(start - timedelta(days=1), calendar):
        start -= timedelta(days=1)
    while _off(end + timedelta(days=1), calendar):
        end += timedelta(days=1)
    return start, end


def _off(day: date, calendar: dict[date, str]) -> bool:
    return day.weekday() >= 5 or day in calendar


def _working_day(day: date, calendar: dict[date, str], step: int) -> date:
    """`day` if it is a working day, else the nearest one in the direction of `step`."""
    for _ in range(30):
        if not _off(day, calendar):
            return day
        day += timedelta(days=step)
    return day


_CALENDARS: dict[tuple[str, int], dict[date, str] | None] = {}


def _calendar(code: str, year: int) -> dict[date, str] | None:
    """Country `code`'s national holidays in `year`, named in English; None if unknown."""
    key = (code, year)
    if key not in _CALENDARS:
        import holidays  # large: only on a text that names a holiday

        try:
            table = holidays.country_holidays(code, years=year, language="en_US")
        except NotImplementedError:  # a country the library does not know
            _CALENDARS[key] = None
        else:
            _CALENDARS[key] = dict(table.items())
    return _CALENDARS[key]


_ZONES: dict[str, str] = {}


def country_of(tz: object) -> str | None:
    """The ISO 3166 country of an IANA timezone ('America/Santiago' -> 'CL'), from zone.tab."""
    name = getattr(tz, "key", None)
    if not isinstance(name, str):
        return None
    if not _ZONES:
        _ZONES.update(_read_zones())
    return _ZONES.get(name) or None


def _read_zones() -> dict[str, str]:
    from importlib import resources

    zones: dict[str, str] = {"UTC": ""}
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        try:
            with open("/usr/share/zoneinfo/zone.tab", encoding="utf-8") as handle:
                text = handle.read()
        except OSError:
            return zones
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                zones[fields[2]] = fields[0]
    return zones
