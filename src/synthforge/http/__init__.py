"""The gateway's HTTP layer: routes from the catalog, the error map, the paid image work."""

from ._app import Gateway, create_gateway_app
from ._errors import answer_for, failure
from ._work import ImageWork

__all__ = ["Gateway", "ImageWork", "answer_for", "create_gateway_app", "failure"]
