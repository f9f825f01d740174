"""Microsoft Teams conversation references, one per person and one per channel.

Proactive Teams messages (reminders, overdue notices, channel posts) need the conversation id
and the service URL that Teams last used; a 1:1 chat that does not exist yet needs the
person's Teams user id. A Teams message id with its conversation key can pass the 64
characters of `deliveries.message_ref`, so it grows to 255 (SQLite does not enforce lengths).

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03 04:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('teams_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('conversation_id', sa.String(length=512), nullable=True),
    sa.Column('service_url', sa.String(length=512), nullable=False),
    sa.Column('tenant_id', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.String(length=256), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('list_activity_id', sa.String(length=255), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_teams_conversations_person_id_people')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_teams_conversations_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams_conversations')),
    sa.UniqueConstraint('conversation_id', name=op.f('uq_teams_conversations_conversation_id')),
    sa.UniqueConstraint('person_id', name=op.f('uq_teams_conversations_person_id'))
    )
    with op.batch_alter_table('teams_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teams_conversations_workspace_id'), ['workspace_id'], unique=False)
    if op.get_bind().dialect.name != 'sqlite':  # SQLite keeps any length; no table rebuild
        op.alter_column('deliveries', 'message_ref', type_=sa.String(length=255),
                        existing_type=sa.String(length=64), existing_nullable=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        op.execute("UPDATE deliveries SET message_ref = NULL WHERE length(message_ref) > 64")
        op.alter_column('deliveries', 'message_ref', type_=sa.String(length=64),
                        existing_type=sa.String(length=255), existing_nullable=True)
    with op.batch_alter_table('teams_conversations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teams_conversations_workspace_id'))
    op.drop_table('teams_conversations')
