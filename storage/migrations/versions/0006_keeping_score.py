"""Keeping score: promises indexed by workspace and original deadline; whether the digest
shows each person's figures (a workspace setting, off by default).

Stats over 30 and 90 days and the digest's 8-week trend read a workspace's promises by the
deadline first promised: one range of (workspace_id, original_due), not the whole workspace.

Revision ID: 0006
Revises: 0008
Create Date: 2026-12-03 04:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('workspaces', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('digest_people', sa.Boolean(), server_default=sa.text('false'), nullable=False)
        )
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.create_index(
            'ix_promises_workspace_original_due', ['workspace_id', 'original_due'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_index('ix_promises_workspace_original_due')
    with op.batch_alter_table('workspaces', schema=None) as batch_op:
        batch_op.drop_column('digest_people')
