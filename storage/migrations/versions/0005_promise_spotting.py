"""Promise spotting: one suggestion per channel message, and where spotting is off.

`suggestions` keeps every promise spotted in a channel message and offered to its author, with
a unique (workspace, channel, message) key: Slack's retries of the event, or a restart between
them, never offer the same message twice. `spotting_off` holds who turned spotting off for
themselves (scope 'person', target their id) and which channels an admin turned it off in.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 03:51:04
"""

from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('spotting_off',
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=64), nullable=False),
    sa.Column('by_person_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['by_person_id'], ['people.id'], name=op.f('fk_spotting_off_by_person_id_people')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_spotting_off_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('workspace_id', 'scope', 'target', name=op.f('pk_spotting_off'))
    )
    op.create_table('suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=False),
    sa.Column('message_ref', sa.String(length=64), nullable=False),
    sa.Column('task', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('counterpart', sa.String(length=200), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_has_time', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_suggestions_person_id_people')),
    sa.ForeignKeyConstraint(['promise_id'], ['promises.id'], name=op.f('fk_suggestions_promise_id_promises')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_suggestions_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestions')),
    sa.UniqueConstraint('workspace_id', 'channel', 'message_ref', name=op.f('uq_suggestions_workspace_id'))
    )
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.create_index('ix_suggestions_person_status', ['person_id', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('suggestions', schema=None) as batch_op:
        batch_op.drop_index('ix_suggestions_person_status')
    op.drop_table('suggestions')
    op.drop_table('spotting_off')
