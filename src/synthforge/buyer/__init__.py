"""Buyer side: pay an x402 seller for one call."""

from ._purchase import BuyError, Purchase, buy, quote

__all__ = ["BuyError", "Purchase", "buy", "quote"]
