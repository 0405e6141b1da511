"""Column types that keep money exact and time in UTC on every backend."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import DateTime, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

__all__ = ["TokenAmount", "UtcDateTime"]


class _DriverNumeric(Numeric[Decimal]):
    """NUMERIC whose values reach the driver and come back untouched."""

    # SQLAlchemy routes NUMERIC through float on drivers without native decimals
    # (SQLite), which silently rounds amounts above 2**53; the driver's own integers don't.
    def bind_processor(self, dialect: Dialect) -> None:
        return None

    def result_processor(self, dialect: Dialect, coltype: object) -> None:
        return None


class TokenAmount(TypeDecorator[int]):
    """An amount in a token's atomic units: NUMERIC(78, 0) holds any uint256, read as `int`.

    On SQLite the value is stored as a 64-bit INTEGER; a larger amount fails loudly
    (OverflowError from the driver) rather than being rounded.
    """

    impl = Numeric(78, 0)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.supports_native_decimal:
            return dialect.type_descriptor(Numeric(78, 0))
        return dialect.type_descriptor(_DriverNumeric(78, 0))

    def process_bind_param(self, value: int | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"token amounts are integers in atomic units, got {value!r}")
        return Decimal(value) if dialect.supports_native_decimal else value

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        exact = Decimal(value)
        if exact != exact.to_integral_value():
            raise ValueError(f"stored token amount {value!r} is not whole")
        return int(exact)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime, whatever the backend keeps.

    SQLite stores no zone, so values are normalised to UTC on the way in (naive ones are
    refused) and marked UTC on the way out; PostgreSQL's timestamptz round-trips as is.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"ledger times must be timezone-aware, got {value!r}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
