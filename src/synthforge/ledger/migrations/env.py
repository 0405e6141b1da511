"""Alembic's entry point for the ledger; run only through `synthforge.ledger._migrate`.

There is no alembic.ini: the caller hands over an open connection in
`config.attributes["connection"]`, so migrations run on the ledger's own (async) engine.
"""

from __future__ import annotations

from alembic import context

from synthforge.ledger._migrate import VERSION_TABLE
from synthforge.ledger._models import Base

if context.is_offline_mode():
    # offline SQL scripts would bypass the connection handed over below
    raise RuntimeError("the ledger migrates online only, through Ledger.open()")

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
)
with context.begin_transaction():
    context.run_migrations()
