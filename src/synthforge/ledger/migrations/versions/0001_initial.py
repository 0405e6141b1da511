"""The payments and generations tables.

Revision ID: 0001
Revises: none

Migrations are append-only: this file never changes once released; a later change
to the schema is a new revision whose `down_revision` is the last one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("network", sa.String, nullable=False),
        sa.Column("asset", sa.String, nullable=False),
        sa.Column("payer", sa.String, nullable=False),
        sa.Column("nonce", sa.String, nullable=False),
        sa.Column("x402_version", sa.Integer, nullable=False),
        sa.Column("endpoint", sa.String, nullable=False),
        sa.Column("tier", sa.String, nullable=False),
        sa.Column("fingerprint", sa.String, nullable=False),
        sa.Column("amount", sa.Numeric(78, 0), nullable=False),
        sa.Column("pay_to", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("http_status", sa.Integer, nullable=True),
        sa.Column("response", sa.Text, nullable=True),
        sa.Column("tx_hash", sa.String, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("network", "asset", "payer", "nonce", name="uq_payments_key"),
        sa.CheckConstraint(
            "status IN ('reserved', 'settled', 'failed')", name="ck_payments_status"
        ),
    )
    op.create_index("ix_payments_status_created_at", "payments", ["status", "created_at"])
    op.create_table(
        "generations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "payment_id",
            sa.Integer,
            sa.ForeignKey("payments.id", name="fk_generations_payment_id_payments"),
            nullable=False,
        ),
        sa.Column("tier", sa.String, nullable=False),
        sa.Column("model", sa.String, nullable=False),
        sa.Column("route", sa.String, nullable=False),
        sa.Column("upstream_request_id", sa.String, nullable=True),
        sa.Column("elapsed_ms", sa.Integer, nullable=True),
        sa.Column("cost_usd", sa.Numeric(12, 6), nullable=False),
        sa.Column("image_key", sa.String, nullable=True),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('ok', 'failed')", name="ck_generations_status"),
    )
    op.create_index("ix_generations_payment_id", "generations", ["payment_id"])


def downgrade() -> None:
    # Dropping these tables would erase the record of money taken; nothing goes back.
    raise NotImplementedError("the ledger's migrations are append-only")
