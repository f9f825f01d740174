"""Promises to customers: the counterpart as a person, telling them, last heard, follow-ups.

`counterpart_id` names the workspace person a promise was made to (the free-text `counterpart`
stays as it was typed); `notify_counterpart` says whether they are told when it is kept or gets
a new date; `last_heard_at` is when they last heard from the owner (a check-in); `follow_up_of`
links a follow-up to the promise it checks on, one follow-up per promise; `due_set_at` is
when the current deadline was set by a new date, which chasing counts from (a later check-in
or answer no longer moves that).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counterpart_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notify_counterpart', sa.Boolean(), nullable=False,
                                      server_default=sa.text('false')))
        batch_op.add_column(sa.Column('last_heard_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('follow_up_of', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('due_set_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_promises_counterpart_id_people'),
                                    'people', ['counterpart_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_promises_follow_up_of_promises'),
                                    'promises', ['follow_up_of'], ['id'])
        batch_op.create_unique_constraint(batch_op.f('uq_promises_follow_up_of'), ['follow_up_of'])


def downgrade() -> None:
    with op.batch_alter_table('promises', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_promises_follow_up_of'), type_='unique')
        batch_op.drop_constraint(batch_op.f('fk_promises_follow_up_of_promises'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_promises_counterpart_id_people'), type_='foreignkey')
        batch_op.drop_column('due_set_at')
        batch_op.drop_column('follow_up_of')
        batch_op.drop_column('last_heard_at')
        batch_op.drop_column('notify_counterpart')
        batch_op.drop_column('counterpart_id')
