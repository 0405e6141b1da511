"""Buyer side: pay an x402 seller for one call, exactly once, within a cap and a budget."""

from ._client import USDC, AsyncClient, Client, ImageResult, Quote, WalletStatus
from ._configured import configured_client
from ._errors import BudgetExceeded, BuyerError, PriceRefused, SellerRefused, SellerUnavailable
from ._journal import SpendJournal

__all__ = [
    "USDC",
    "AsyncClient",
    "BudgetExceeded",
    "BuyerError",
    "Client",
    "ImageResult",
    "PriceRefused",
    "Quote",
    "SellerRefused",
    "SellerUnavailable",
    "SpendJournal",
    "WalletStatus",
    "configured_client",
]
