"""The documents agents and people find the gateway by, all generated from the catalog."""

from ._landing import render_landing
from ._listing import SERVICE_DESCRIPTION, SERVICE_NAME, Listing, Offer, network_label, usd
from ._llms import render_llms_txt
from ._man import render_man, render_roff
from ._openapi import PAID_STATUSES, openapi_document
from ._registry import DOCUMENT_PATHS, REGISTRY_SCHEMA, REGISTRY_VERSION, registry_document

__all__ = [
    "DOCUMENT_PATHS",
    "PAID_STATUSES",
    "REGISTRY_SCHEMA",
    "REGISTRY_VERSION",
    "SERVICE_DESCRIPTION",
    "SERVICE_NAME",
    "Listing",
    "Offer",
    "network_label",
    "openapi_document",
    "registry_document",
    "render_landing",
    "render_llms_txt",
    "render_man",
    "render_roff",
    "usd",
]
