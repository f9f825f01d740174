"""Arrays for PostgreSQL, packed in its binary wire format in a few C calls.

A claim writes seven arrays of up to a thousand values each. psycopg dumps a list value by
value in Python; these pack each array whole with `struct`, in a fraction of the time. Imported
only on PostgreSQL (psycopg is the `postgres` extra). `register` tells a cursor how to send
them; any other list still goes through psycopg's own dumpers.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from psycopg import pq
from psycopg.adapt import Dumper

_HEADER = struct.Struct("!iiiii")  # dimensions, has NULLs, element type, length, lower bound
_EMPTY = struct.Struct("!iii")  # no dimensions, no NULLs, element type
_LENGTH = struct.Struct("!i")
_NULL = _LENGTH.pack(-1)
_INT4_VALUE = struct.Struct("!ii")
_INSTANT = struct.Struct("!iq")
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # timestamptz counts microseconds from here
_MICROSECOND = timedelta(microseconds=1)
_INT4, _TEXT, _TIMESTAMPTZ = 23, 25, 1184


class Int4s(bytes):
    """integer[] in binary."""

    __slots__ = ()


class Texts(bytes):
    """text[] in binary, UTF-8."""

    __slots__ = ()


class Instants(bytes):
    """timestamptz[] in binary."""

    __slots__ = ()


class _Packed(Dumper):
    format = pq.Format.BINARY

    def dump(self, obj: Any) -> bytes:
        return bytes(obj)


class _Int4sDumper(_Packed):
    oid = 1007


class _TextsDumper(_Packed):
    oid = 1009


class _InstantsDumper(_Packed):
    oid = 1185


def register(cursor: Any) -> None:
    """Let `cursor` send the packed arrays as what they are."""
    cursor.adapters.register_dumper(Int4s, _Int4sDumper)
    cursor.adapters.register_dumper(Texts, _TextsDumper)
    cursor.adapters.register_dumper(Instants, _InstantsDumper)


def int4s(values: Sequence[int | None]) -> Int4s:
    """Integers, NULLs allowed, packed; one out of int4's range is refused."""
    count = len(values)
    if not count:
        return Int4s(_EMPTY.pack(0, 0, _INT4))
    try:
        if None in values:
            body = b"".join(map(_int4, values))
        else:  # lengths and values interleaved, packed in one call
            flat: list[Any] = [4] * (2 * count)
            flat[1::2] = values
            body = struct.pack(f"!{2 * count}i", *flat)
    except struct.error:
        raise ValueError("integer out of range for the database") from None
    nulls = 1 if None in values else 0
    return Int4s(_HEADER.pack(1, nulls, _INT4, count, 1) + body)


def texts(values: Sequence[str | None]) -> Texts:
    """`values` (NULLs allowed) packed as UTF-8; the caller checks the connection's encoding."""
    if not values:
        return Texts(_EMPTY.pack(0, 0, _TEXT))
    nulls = 1 if None in values else 0
    return Texts(_HEADER.pack(1, nulls, _TEXT, len(values), 1) + _pack(values, _text))


def instants(values: Sequence[datetime | None]) -> Instants:
    """Aware datetimes, NULLs allowed, packed; a naive one is refused as the stores refuse it."""
    if not values:
        return Instants(_EMPTY.pack(0, 0, _TIMESTAMPTZ))
    try:
        body = _pack(values, _instant)
    except TypeError:  # a naive datetime cannot be told from UTC
        raise ValueError("naive datetime given to the database") from None
    nulls = 1 if None in values else 0
    return Instants(_HEADER.pack(1, nulls, _TIMESTAMPTZ, len(values), 1) + body)


def _int4(value: int | None) -> bytes:
    return _NULL if value is None else _INT4_VALUE.pack(4, value)


def _text(value: str | None) -> bytes:
    if value is None:
        return _NULL
    data = value.encode()
    return _LENGTH.pack(len(data)) + data


def _instant(value: datetime | None) -> bytes:
    return _NULL if value is None else _INSTANT.pack(8, (value - _EPOCH) // _MICROSECOND)


def _pack(values: Sequence[Any], one: Callable[[Any], bytes]) -> bytes:
    """The elements of an array, each packed once: a claim's kinds and slots repeat a few
    values a thousand times, its keys are all different."""
    distinct = set(values)
    if len(distinct) * 2 > len(values):
        return b"".join(map(one, values))
    packed = {value: one(value) for value in distinct}
    return b"".join(map(packed.__getitem__, values))
