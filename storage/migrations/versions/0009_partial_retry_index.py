"""deliveries.retry_at indexed only where it is set, as the model declares.

0008 said so in its description and undid it in its downgrade, but its upgrade never made the
index partial: every delivery ever sent kept an entry (its retry_at is NULL once sent), so the
index the claims write into and the sender reads grew with the whole history.

Revision ID: 0009
Revises: 0006
Create Date: 2026-12-03 11:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_retry_at'))
        batch_op.create_index(
            batch_op.f('ix_deliveries_retry_at'),
            ['retry_at'],
            unique=False,
            postgresql_where=sa.text('retry_at IS NOT NULL'),
            sqlite_where=sa.text('retry_at IS NOT NULL'),
        )


def downgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_retry_at'))
        batch_op.create_index(batch_op.f('ix_deliveries_retry_at'), ['retry_at'], unique=False)
