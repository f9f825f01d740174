"""Slack installations (bot tokens encrypted) and OAuth states, for many workspaces;
deliveries.retry_at indexed only where it is set (sends pending or leased).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 04:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('slack_installations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.String(length=32), nullable=True),
    sa.Column('team_id', sa.String(length=32), nullable=True),
    sa.Column('is_enterprise_install', sa.Boolean(), nullable=False),
    sa.Column('app_id', sa.String(length=32), nullable=True),
    sa.Column('bot_id', sa.String(length=32), nullable=True),
    sa.Column('bot_user_id', sa.String(length=32), nullable=True),
    sa.Column('bot_scopes', sa.Text(), nullable=False),
    sa.Column('bot_token', sa.Text(), nullable=False),
    sa.Column('bot_refresh_token', sa.Text(), nullable=True),
    sa.Column('bot_token_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('installer_user_id', sa.String(length=32), nullable=True),
    sa.Column('installed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_slack_installations_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slack_installations')),
    sa.UniqueConstraint('key', name=op.f('uq_slack_installations_key'))
    )
    with op.batch_alter_table('slack_installations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slack_installations_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('slack_oauth_states',
    sa.Column('state', sa.String(length=64), nullable=False),
    sa.Column('expire_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('state', name=op.f('pk_slack_oauth_states'))
    )


def downgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_retry_at'))
        batch_op.create_index(batch_op.f('ix_deliveries_retry_at'), ['retry_at'], unique=False)
    op.drop_table('slack_oauth_states')
    with op.batch_alter_table('slack_installations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slack_installations_workspace_id'))
    op.drop_table('slack_installations')
