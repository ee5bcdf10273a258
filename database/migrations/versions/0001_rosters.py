"""Rosters and catalogue: agency, users, audit, units with history, staff, ratings, discipline, award types.

Revision ID: 0001_rosters
Revises: None
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0001_rosters'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_name', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('symbol', sa.String(length=20), nullable=False),
    sa.Column('place_name', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('website', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency'))
    )
    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=60), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('ADMIN', 'CLERK', 'VIEWER', name='userrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('username', name=op.f('uq_app_user_username'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_entity', ['entity', 'entity_id'], unique=False)
    op.create_table('award_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('short_name', sa.String(length=120), nullable=False),
    sa.Column('category', sa.Enum('TITLE', 'HONOR', name='awardcategory', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('for_individual', sa.Boolean(), nullable=False),
    sa.Column('for_collective', sa.Boolean(), nullable=False),
    sa.Column('for_household', sa.Boolean(), nullable=False),
    sa.Column('level', sa.Enum('DEPARTMENT', 'PROVINCE', 'MINISTRY', 'GOVERNMENT', 'STATE', 'OTHER', name='authoritylevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('granted_by', sa.String(length=200), nullable=False),
    sa.Column('within_director_power', sa.Boolean(), nullable=False),
    sa.Column('periodicity', sa.Enum('YEARLY', 'ONCE', 'ROUND', name='periodicity', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.Column('certainty', sa.Enum('V', 'P', 'U', name='certainty', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('rule', sa.Text(), nullable=True),
    sa.Column('local', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('for_individual OR for_collective OR for_household', name=op.f('ck_award_type_has_subject')),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_award_type_dates')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award_type')),
    sa.UniqueConstraint('code', name=op.f('uq_award_type_code'))
    )
    op.create_table('base_salary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('amount', sa.BigInteger(), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.Column('certainty', sa.Enum('V', 'P', 'U', name='certainty', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_base_salary')),
    sa.UniqueConstraint('effective_from', name=op.f('uq_base_salary_effective_from'))
    )
    op.create_table('parameter',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule_set', sa.Enum('NATIONAL', 'MOH', 'PROVINCE', name='ruleset', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('certainty', sa.Enum('V', 'P', 'U', name='certainty', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('local', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parameter')),
    sa.UniqueConstraint('rule_set', 'key', 'effective_from', name=op.f('uq_parameter_rule_set_key_effective_from'))
    )
    op.create_table('signer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('position_title', sa.String(length=120), nullable=False),
    sa.Column('authority', sa.Enum('OWN', 'ON_BEHALF', 'DEPUTY', 'ACTING', 'BY_ORDER', 'AUTHORISED', name='signauthority', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('authority_title', sa.String(length=120), nullable=True),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signer'))
    )
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=True),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('short_name', sa.String(length=120), nullable=True),
    sa.Column('name_folded', sa.String(length=250), nullable=False),
    sa.Column('kind', sa.Enum('DEPARTMENT', 'DEPARTMENT_OFFICE', 'SUB_DEPARTMENT', 'HOSPITAL', 'HEALTH_CENTER', 'CDC', 'CENTER', 'SCHOOL', 'STATION', 'CLINICAL_DEPT', 'ADMIN_DEPT', 'OTHER', name='unitkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('ACTIVE', 'MERGED', 'SPLIT', 'DISSOLVED', name='unitstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('email', sa.String(length=120), nullable=True),
    sa.Column('head_name', sa.String(length=120), nullable=True),
    sa.Column('established_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('ended_on IS NULL OR established_on IS NULL OR ended_on >= established_on', name=op.f('ck_unit_dates')),
    sa.CheckConstraint('parent_id IS NULL OR parent_id <> id', name=op.f('ck_unit_not_own_parent')),
    sa.ForeignKeyConstraint(['parent_id'], ['unit.id'], name=op.f('fk_unit_parent_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_unit_code'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_name_folded'), ['name_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_parent_id'), ['parent_id'], unique=False)
    op.create_table('unit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('ESTABLISH', 'RENAME', 'MERGE', 'SPLIT', 'DISSOLVE', 'MOVE', name='uniteventkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('decision_ref', sa.String(length=200), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_event'))
    )
    op.create_table('bonus_coefficient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('award_type_id', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('individual', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('collective', sa.Numeric(precision=6, scale=2), nullable=True),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.Column('certainty', sa.Enum('V', 'P', 'U', name='certainty', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.CheckConstraint('collective IS NULL OR collective >= 0', name=op.f('ck_bonus_coefficient_collective')),
    sa.CheckConstraint('individual IS NULL OR individual >= 0', name=op.f('ck_bonus_coefficient_individual')),
    sa.ForeignKeyConstraint(['award_type_id'], ['award_type.id'], name=op.f('fk_bonus_coefficient_award_type_id_award_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bonus_coefficient')),
    sa.UniqueConstraint('award_type_id', 'effective_from', name=op.f('uq_bonus_coefficient_award_type_id_effective_from'))
    )
    with op.batch_alter_table('bonus_coefficient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bonus_coefficient_award_type_id'), ['award_type_id'], unique=False)
    op.create_table('person',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('name_folded', sa.String(length=120), nullable=False),
    sa.Column('sort_key', sa.String(length=400).with_variant(sa.String(length=400, collation='C'), 'postgresql'), nullable=False),
    sa.Column('gender', sa.Enum('MALE', 'FEMALE', name='gender', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('birth_year', sa.SmallInteger(), nullable=True),
    sa.Column('ethnicity', sa.String(length=60), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.String(length=150), nullable=True),
    sa.Column('professional_title', sa.String(length=150), nullable=True),
    sa.Column('health_sector_since', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('birth_date IS NULL OR birth_year IS NOT NULL', name=op.f('ck_person_birth_year_with_date')),
    sa.CheckConstraint('birth_year IS NULL OR birth_year BETWEEN 1900 AND 2100', name=op.f('ck_person_birth_year')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_person_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index('ix_person_identity', ['name_folded', 'birth_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_name_folded'), ['name_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_sort_key'), ['sort_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_unit_id'), ['unit_id'], unique=False)
    op.create_table('unit_event_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('PREDECESSOR', 'SUCCESSOR', name='eventrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['unit_event.id'], name=op.f('fk_unit_event_link_event_id_unit_event')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_event_link_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_event_link')),
    sa.UniqueConstraint('event_id', 'unit_id', 'role', name=op.f('uq_unit_event_link_event_id_unit_id_role'))
    )
    with op.batch_alter_table('unit_event_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_event_link_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_event_link_unit_id'), ['unit_id'], unique=False)
    op.create_table('unit_name',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=250), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from', name=op.f('ck_unit_name_dates')),
    sa.ForeignKeyConstraint(['event_id'], ['unit_event.id'], name=op.f('fk_unit_name_event_id_unit_event')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_name_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_name'))
    )
    with op.batch_alter_table('unit_name', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_name_unit_id'), ['unit_id'], unique=False)
    op.create_table('discipline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('form', sa.Enum('REPRIMAND', 'WARNING', 'SALARY_CUT', 'DEMOTION', 'DISMISSAL_POST', 'DISMISSAL', 'PENDING', name='disciplineform', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('decision_ref', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('(person_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_discipline_one_subject')),
    sa.CheckConstraint('effective_to IS NULL OR effective_to >= effective_from', name=op.f('ck_discipline_dates')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_discipline_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_discipline_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discipline'))
    )
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discipline_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_discipline_unit_id'), ['unit_id'], unique=False)
    op.create_table('posting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=150), nullable=True),
    sa.Column('professional_title', sa.String(length=150), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name=op.f('ck_posting_dates')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_posting_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_posting_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_posting'))
    )
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_posting_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_posting_unit_id'), ['unit_id'], unique=False)
    op.create_table('rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('level', sa.Enum('EXCELLENT', 'GOOD', 'DONE', 'FAILED', name='ratinglevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('absent_days', sa.Integer(), nullable=True),
    sa.Column('scheme', sa.String(length=60), nullable=True),
    sa.Column('document_ref', sa.String(length=200), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(person_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_rating_one_subject')),
    sa.CheckConstraint('absent_days IS NULL OR absent_days >= 0', name=op.f('ck_rating_absent_days')),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_rating_year')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_rating_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_rating_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating')),
    sa.UniqueConstraint('person_id', 'year', name=op.f('uq_rating_person_id_year')),
    sa.UniqueConstraint('unit_id', 'year', name=op.f('uq_rating_unit_id_year'))
    )
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rating_year'), ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_year'))
        batch_op.drop_index(batch_op.f('ix_rating_unit_id'))
        batch_op.drop_index(batch_op.f('ix_rating_person_id'))
    op.drop_table('rating')
    with op.batch_alter_table('posting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_posting_unit_id'))
        batch_op.drop_index(batch_op.f('ix_posting_person_id'))
    op.drop_table('posting')
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discipline_unit_id'))
        batch_op.drop_index(batch_op.f('ix_discipline_person_id'))
    op.drop_table('discipline')
    with op.batch_alter_table('unit_name', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_name_unit_id'))
    op.drop_table('unit_name')
    with op.batch_alter_table('unit_event_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_event_link_unit_id'))
        batch_op.drop_index(batch_op.f('ix_unit_event_link_event_id'))
    op.drop_table('unit_event_link')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unit_id'))
        batch_op.drop_index(batch_op.f('ix_person_sort_key'))
        batch_op.drop_index(batch_op.f('ix_person_name_folded'))
        batch_op.drop_index('ix_person_identity')
    op.drop_table('person')
    with op.batch_alter_table('bonus_coefficient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bonus_coefficient_award_type_id'))
    op.drop_table('bonus_coefficient')
    op.drop_table('unit_event')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_parent_id'))
        batch_op.drop_index(batch_op.f('ix_unit_name_folded'))
    op.drop_table('unit')
    op.drop_table('signer')
    op.drop_table('parameter')
    op.drop_table('base_salary')
    op.drop_table('award_type')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_entity')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
    op.drop_table('audit_log')
    op.drop_table('app_user')
    op.drop_table('agency')
