"""The promise book: workspaces, people, promises, events, deliveries, processed events.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 10:36:12.410832
"""

from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('processed_events',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_processed_events'))
    )
    op.create_table('workspaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('team_channel', sa.String(length=64), nullable=True),
    sa.Column('installer', sa.String(length=64), nullable=True),
    sa.Column('digest', sa.String(length=32), nullable=True),
    sa.Column('next_digest_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('channel_hint_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workspaces')),
    sa.UniqueConstraint('platform', 'external_id', name=op.f('uq_workspaces_platform'))
    )
    with op.batch_alter_table('workspaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workspaces_next_digest_at'), ['next_digest_at'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('work_start', sa.String(length=5), nullable=False),
    sa.Column('work_end', sa.String(length=5), nullable=False),
    sa.Column('dm_channel', sa.String(length=64), nullable=True),
    sa.Column('profile_known', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_people_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('workspace_id', 'external_id', name=op.f('uq_people_workspace_id'))
    )
    op.create_table('promises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('recorder_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('task', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('counterpart', sa.String(length=200), nullable=True),
    sa.Column('lang', sa.String(length=8), nullable=False),
    sa.Column('original_due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_has_time', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_chase_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('chase_kind', sa.String(length=32), nullable=True),
    sa.Column('source_link', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['people.id'], name=op.f('fk_promises_owner_id_people')),
    sa.ForeignKeyConstraint(['recorder_id'], ['people.id'], name=op.f('fk_promises_recorder_id_people')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_promises_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promises')),
    sa.UniqueConstraint('owner_id', 'number', name=op.f('uq_promises_owner_id'))
    )
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promises_next_chase_at'), ['next_chase_at'], unique=False)
        batch_op.create_index('ix_promises_owner_status_due', ['owner_id', 'status', 'due'], unique=False)
        batch_op.create_index(batch_op.f('ix_promises_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('workspace_id', sa.Integer(), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('slot', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=True),
    sa.Column('message_ref', sa.String(length=64), nullable=True),
    sa.Column('error', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('retry_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['promise_id'], ['promises.id'], name=op.f('fk_deliveries_promise_id_promises')),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_deliveries_workspace_id_workspaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('key', name=op.f('uq_deliveries_key'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_channel_ref', ['channel', 'message_ref'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_promise_id'), ['promise_id'], unique=False)

    op.create_table('promise_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('promise_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_before', sa.DateTime(timezone=True), nullable=True),
    sa.Column('due_after', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_promise_events_actor_id_people')),
    sa.ForeignKeyConstraint(['promise_id'], ['promises.id'], name=op.f('fk_promise_events_promise_id_promises')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_promise_events'))
    )
    with op.batch_alter_table('promise_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_promise_events_promise_id'), ['promise_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('promise_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_promise_events_promise_id'))

    op.drop_table('promise_events')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_promise_id'))
        batch_op.drop_index('ix_deliveries_channel_ref')

    op.drop_table('deliveries')
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_promises_workspace_id'))
        batch_op.drop_index('ix_promises_owner_status_due')
        batch_op.drop_index(batch_op.f('ix_promises_next_chase_at'))

    op.drop_table('promises')
    op.drop_table('people')
    with op.batch_alter_table('workspaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workspaces_next_digest_at'))

    op.drop_table('workspaces')
    op.drop_table('processed_events')

