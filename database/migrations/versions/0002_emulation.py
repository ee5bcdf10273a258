"""Emulation and commendation: campaigns, clusters, registrations, initiatives, nominations, council, decisions, awards, the register.

Revision ID: 0002_emulation
Revises: 0001_rosters
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = '0002_emulation'
down_revision = '0001_rosters'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cluster',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('CLUSTER', 'BLOCK', name='clusterkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_cluster_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster')),
    sa.UniqueConstraint('year', 'name', name=op.f('uq_cluster_year_name'))
    )
    with op.batch_alter_table('cluster', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_year'), ['year'], unique=False)
    op.create_table('outgoing_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('OFFICIAL_LETTER', 'PLAN', 'DECISION', 'SUBMISSION', 'MINUTES', 'NOTICE', 'REPORT', name='documentkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('series', sa.String(length=40), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('number', sa.SmallInteger(), nullable=True),
    sa.Column('symbol', sa.String(length=40), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=True),
    sa.Column('signer_name', sa.String(length=120), nullable=True),
    sa.Column('signer_title', sa.String(length=120), nullable=True),
    sa.Column('drafter_initials', sa.String(length=20), nullable=True),
    sa.Column('copies', sa.SmallInteger(), nullable=True),
    sa.Column('status', sa.Enum('DRAFT', 'REGISTERED', 'VOIDED', name='documentstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('void_reason', sa.Text(), nullable=True),
    sa.Column('content', sa.JSON(), nullable=True),
    sa.Column('file_name', sa.String(length=255), nullable=True),
    sa.Column('file_content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("status = 'DRAFT' OR number IS NOT NULL", name=op.f('ck_outgoing_document_registered_has_number')),
    sa.CheckConstraint('copies IS NULL OR copies > 0', name=op.f('ck_outgoing_document_copies')),
    sa.CheckConstraint('number IS NULL OR number > 0', name=op.f('ck_outgoing_document_number')),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_outgoing_document_year')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_document')),
    sa.UniqueConstraint('series', 'year', 'number', name=op.f('uq_outgoing_document_series_year_number')),
    sa.UniqueConstraint('year', 'symbol', 'number', name=op.f('uq_outgoing_document_year_symbol_number'))
    )
    with op.batch_alter_table('outgoing_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_document_year'), ['year'], unique=False)
    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('theme', sa.Text(), nullable=True),
    sa.Column('kind', sa.Enum('REGULAR', 'THEMATIC', 'PHASED', 'MULTI_YEAR', name='campaignkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('launcher', sa.Enum('DEPARTMENT', 'JOINT_UNION', 'MINISTRY', 'PROVINCE', name='launcher', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('legal_basis', sa.Text(), nullable=True),
    sa.Column('rule_set_date', sa.Date(), nullable=True),
    sa.Column('launch_document_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name=op.f('ck_campaign_dates')),
    sa.ForeignKeyConstraint(['launch_document_id'], ['outgoing_document.id'], name=op.f('fk_campaign_launch_document_id_outgoing_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    op.create_table('cluster_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('LEADER', 'DEPUTY', 'MEMBER', name='clusterrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('proposed_award_type_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_cluster_member_cluster_id_cluster')),
    sa.ForeignKeyConstraint(['proposed_award_type_id'], ['award_type.id'], name=op.f('fk_cluster_member_proposed_award_type_id_award_type')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_cluster_member_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cluster_member')),
    sa.UniqueConstraint('cluster_id', 'unit_id', name=op.f('uq_cluster_member_cluster_id_unit_id'))
    )
    with op.batch_alter_table('cluster_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cluster_member_cluster_id'), ['cluster_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cluster_member_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index('uq_cluster_member_leader', ['cluster_id'], unique=True, sqlite_where=sa.text("role = 'LEADER'"), postgresql_where=sa.text("role = 'LEADER'"))
    op.create_table('council_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('location', sa.String(length=250), nullable=True),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('members_total', sa.SmallInteger(), nullable=False),
    sa.Column('minutes_document_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('ended_at IS NULL OR ended_at >= held_at', name=op.f('ck_council_meeting_times')),
    sa.CheckConstraint('members_total > 0', name=op.f('ck_council_meeting_members_total')),
    sa.ForeignKeyConstraint(['minutes_document_id'], ['outgoing_document.id'], name=op.f('fk_council_meeting_minutes_document_id_outgoing_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_meeting'))
    )
    with op.batch_alter_table('council_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_meeting_year'), ['year'], unique=False)
    op.create_table('criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('group_name', sa.String(length=250), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('max_points', sa.Numeric(precision=8, scale=2), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.CheckConstraint('max_points >= 0', name=op.f('ck_criterion_max_points')),
    sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_criterion_cluster_id_cluster')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion'))
    )
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criterion_cluster_id'), ['cluster_id'], unique=False)
    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('number_text', sa.String(length=80), nullable=True),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Enum('DEPARTMENT', 'PROVINCE', 'MINISTRY', 'GOVERNMENT', 'STATE', 'OTHER', name='authoritylevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('signer_name', sa.String(length=120), nullable=True),
    sa.Column('signer_title', sa.String(length=120), nullable=True),
    sa.Column('base_salary', sa.BigInteger(), nullable=True),
    sa.Column('status', sa.Enum('DRAFT', 'ISSUED', 'VOIDED', name='decisionstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_decision_year')),
    sa.ForeignKeyConstraint(['document_id'], ['outgoing_document.id'], name=op.f('fk_decision_document_id_outgoing_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision')),
    sa.UniqueConstraint('document_id', name=op.f('uq_decision_document_id'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_year'), ['year'], unique=False)
    op.create_table('pledge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('content', sa.Text(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], name=op.f('fk_pledge_cluster_id_cluster')),
    sa.ForeignKeyConstraint(['document_id'], ['outgoing_document.id'], name=op.f('fk_pledge_document_id_outgoing_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pledge'))
    )
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pledge_cluster_id'), ['cluster_id'], unique=False)
    op.create_table('content_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_content_item_campaign_id_campaign')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_item'))
    )
    with op.batch_alter_table('content_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_item_campaign_id'), ['campaign_id'], unique=False)
    op.create_table('council_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=True),
    sa.Column('role', sa.Enum('CHAIR', 'VICE_CHAIR', 'MEMBER', 'SECRETARY', name='councilrole', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('valid_to IS NULL OR valid_to >= valid_from', name=op.f('ck_council_member_dates')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_council_member_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_member'))
    )
    op.create_table('nomination_batch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=400), nullable=False),
    sa.Column('basis', sa.Enum('MERIT', 'SUDDEN', 'THEMATIC', 'SERVICE', 'FOREIGN', name='awardbasis', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('target_level', sa.Enum('DEPARTMENT', 'PROVINCE', 'MINISTRY', 'GOVERNMENT', 'STATE', 'OTHER', name='authoritylevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('their_reference', sa.String(length=120), nullable=True),
    sa.Column('status', sa.Enum('DRAFT', 'RECEIVED', 'RETURNED', 'REVIEWING', 'FORWARDED', 'CLOSED', name='batchstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_nomination_batch_year')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_nomination_batch_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_nomination_batch_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_batch'))
    )
    with op.batch_alter_table('nomination_batch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_batch_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_batch_year'), ['year'], unique=False)
    op.create_table('phase',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.SmallInteger(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('focus', sa.Text(), nullable=True),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_phase_dates')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_phase_campaign_id_campaign')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phase')),
    sa.UniqueConstraint('campaign_id', 'number', name=op.f('uq_phase_campaign_id_number'))
    )
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phase_campaign_id'), ['campaign_id'], unique=False)
    op.create_table('registration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('PENDING', 'RECEIVED', 'RETURNED', 'APPROVED', name='registrationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_registration_year')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_registration_campaign_id_campaign')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_registration_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration')),
    sa.UniqueConstraint('year', 'unit_id', 'campaign_id', name=op.f('uq_registration_year_unit_id_campaign_id'))
    )
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_year'), ['year'], unique=False)
    op.create_table('score',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('self_points', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('assessed_points', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.CheckConstraint('assessed_points IS NULL OR assessed_points >= 0', name=op.f('ck_score_assessed_points')),
    sa.CheckConstraint('self_points IS NULL OR self_points >= 0', name=op.f('ck_score_self_points')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criterion.id'], name=op.f('fk_score_criterion_id_criterion')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_score_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_score')),
    sa.UniqueConstraint('criterion_id', 'unit_id', name=op.f('uq_score_criterion_id_unit_id'))
    )
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_score_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_score_unit_id'), ['unit_id'], unique=False)
    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=400), nullable=False),
    sa.Column('measure', sa.String(length=80), nullable=True),
    sa.Column('comparison', sa.Enum('AT_LEAST', 'AT_MOST', 'RANGE', 'ABOUT', name='targetcomparison', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('value_min', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('value_max', sa.Numeric(precision=14, scale=4), nullable=True),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.CheckConstraint('value_min IS NOT NULL OR value_max IS NOT NULL', name=op.f('ck_target_has_value')),
    sa.CheckConstraint('value_min IS NULL OR value_max IS NULL OR value_max >= value_min', name=op.f('ck_target_range')),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_target_campaign_id_campaign')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target'))
    )
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_campaign_id'), ['campaign_id'], unique=False)
    op.create_table('meeting_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('present', sa.Boolean(), nullable=False),
    sa.Column('written_opinion', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['council_meeting.id'], name=op.f('fk_meeting_attendance_meeting_id_council_meeting')),
    sa.ForeignKeyConstraint(['member_id'], ['council_member.id'], name=op.f('fk_meeting_attendance_member_id_council_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_attendance')),
    sa.UniqueConstraint('meeting_id', 'member_id', name=op.f('uq_meeting_attendance_meeting_id_member_id'))
    )
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_attendance_meeting_id'), ['meeting_id'], unique=False)
    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('award_type_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('basis', sa.Enum('MERIT', 'SUDDEN', 'THEMATIC', 'SERVICE', 'FOREIGN', name='awardbasis', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('period_from', sa.SmallInteger(), nullable=True),
    sa.Column('period_to', sa.SmallInteger(), nullable=True),
    sa.Column('achievement', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('PROPOSED', 'CHECKED', 'RETURNED', 'VOTED', 'APPROVED', 'REJECTED', 'FORWARDED', 'AWARDED', 'WITHDRAWN', name='nominationstatus', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('(person_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_nomination_one_subject')),
    sa.CheckConstraint('period_to IS NULL OR period_from IS NULL OR period_to >= period_from', name=op.f('ck_nomination_period')),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_nomination_year')),
    sa.ForeignKeyConstraint(['award_type_id'], ['award_type.id'], name=op.f('fk_nomination_award_type_id_award_type')),
    sa.ForeignKeyConstraint(['batch_id'], ['nomination_batch.id'], name=op.f('fk_nomination_batch_id_nomination_batch')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_nomination_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_nomination_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination')),
    sa.UniqueConstraint('batch_id', 'person_id', 'unit_id', 'award_type_id', name=op.f('uq_nomination_batch_id_person_id_unit_id_award_type_id'))
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_award_type_id'), ['award_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_year'), ['year'], unique=False)
    op.create_table('registration_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('award_type_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['award_type_id'], ['award_type.id'], name=op.f('fk_registration_item_award_type_id_award_type')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_registration_item_person_id_person')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registration_item_registration_id_registration')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_item')),
    sa.UniqueConstraint('registration_id', 'person_id', 'award_type_id', name=op.f('uq_registration_item_registration_id_person_id_award_type_id'))
    )
    with op.batch_alter_table('registration_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_item_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_item_registration_id'), ['registration_id'], unique=False)
    op.create_table('target_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=4), nullable=False),
    sa.ForeignKeyConstraint(['target_id'], ['target.id'], name=op.f('fk_target_result_target_id_target')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_target_result_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_result')),
    sa.UniqueConstraint('target_id', 'unit_id', 'year', name=op.f('uq_target_result_target_id_unit_id_year'))
    )
    with op.batch_alter_table('target_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_result_target_id'), ['target_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_target_result_unit_id'), ['unit_id'], unique=False)
    op.create_table('award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('award_type_id', sa.Integer(), nullable=False),
    sa.Column('is_title', sa.Boolean(), nullable=False),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('period_from', sa.SmallInteger(), nullable=True),
    sa.Column('period_to', sa.SmallInteger(), nullable=True),
    sa.Column('basis', sa.Enum('MERIT', 'SUDDEN', 'THEMATIC', 'SERVICE', 'FOREIGN', name='awardbasis', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('source', sa.Enum('DECISION', 'HISTORY', name='awardsource', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=True),
    sa.Column('decision_number', sa.String(length=80), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('decision_issuer', sa.String(length=200), nullable=True),
    sa.Column('nomination_id', sa.Integer(), nullable=True),
    sa.Column('achievement', sa.Text(), nullable=True),
    sa.Column('bonus_amount', sa.BigInteger(), nullable=True),
    sa.Column('revoked', sa.Boolean(), nullable=False),
    sa.Column('revoked_reason', sa.Text(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("source <> 'DECISION' OR decision_id IS NOT NULL", name=op.f('ck_award_decision_source')),
    sa.CheckConstraint('(person_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_award_one_subject')),
    sa.CheckConstraint('bonus_amount IS NULL OR bonus_amount >= 0', name=op.f('ck_award_bonus')),
    sa.CheckConstraint('period_to IS NULL OR period_from IS NULL OR period_to >= period_from', name=op.f('ck_award_period')),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_award_year')),
    sa.ForeignKeyConstraint(['award_type_id'], ['award_type.id'], name=op.f('fk_award_award_type_id_award_type')),
    sa.ForeignKeyConstraint(['decision_id'], ['decision.id'], name=op.f('fk_award_decision_id_decision')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_award_nomination_id_nomination')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_award_person_id_person')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_award_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award')),
    sa.UniqueConstraint('nomination_id', name=op.f('uq_award_nomination_id'))
    )
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_award_award_type_id'), ['award_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_decision_id'), ['decision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_award_year'), ['year'], unique=False)
        batch_op.create_index('uq_award_person_title_year', ['person_id', 'award_type_id', 'year'], unique=True, sqlite_where=sa.text('is_title AND NOT revoked'), postgresql_where=sa.text('is_title AND NOT revoked'))
        batch_op.create_index('uq_award_unit_title_year', ['unit_id', 'award_type_id', 'year'], unique=True, sqlite_where=sa.text('is_title AND NOT revoked'), postgresql_where=sa.text('is_title AND NOT revoked'))
    op.create_table('ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.Boolean(), nullable=False),
    sa.Column('votes_for', sa.SmallInteger(), nullable=False),
    sa.Column('votes_against', sa.SmallInteger(), nullable=False),
    sa.Column('votes_invalid', sa.SmallInteger(), nullable=False),
    sa.Column('threshold', sa.Numeric(precision=4, scale=3), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.CheckConstraint('threshold > 0 AND threshold <= 1', name=op.f('ck_ballot_threshold')),
    sa.CheckConstraint('votes_for >= 0 AND votes_against >= 0 AND votes_invalid >= 0', name=op.f('ck_ballot_votes')),
    sa.ForeignKeyConstraint(['meeting_id'], ['council_meeting.id'], name=op.f('fk_ballot_meeting_id_council_meeting')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_ballot_nomination_id_nomination')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    sa.UniqueConstraint('meeting_id', 'nomination_id', name=op.f('uq_ballot_meeting_id_nomination_id'))
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ballot_nomination_id'), ['nomination_id'], unique=False)
    op.create_table('nomination_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('SUBMISSION', 'ACHIEVEMENT_REPORT', 'MINUTES', 'INITIATIVE_CERTIFICATE', 'RATING_CONFIRMATION', 'OTHER', name='attachmentkind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('size >= 0', name=op.f('ck_nomination_attachment_size')),
    sa.ForeignKeyConstraint(['batch_id'], ['nomination_batch.id'], name=op.f('fk_nomination_attachment_batch_id_nomination_batch')),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_nomination_attachment_nomination_id_nomination')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_attachment'))
    )
    with op.batch_alter_table('nomination_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_attachment_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_attachment_nomination_id'), ['nomination_id'], unique=False)
    op.create_table('nomination_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nomination_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=60), nullable=False),
    sa.Column('from_status', sa.Enum('PROPOSED', 'CHECKED', 'RETURNED', 'VOTED', 'APPROVED', 'REJECTED', 'FORWARDED', 'AWARDED', 'WITHDRAWN', name='from_status', native_enum=False, create_constraint=True, length=32), nullable=True),
    sa.Column('to_status', sa.Enum('PROPOSED', 'CHECKED', 'RETURNED', 'VOTED', 'APPROVED', 'REJECTED', 'FORWARDED', 'AWARDED', 'WITHDRAWN', name='to_status', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['nomination_id'], ['nomination.id'], name=op.f('fk_nomination_status_change_nomination_id_nomination')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomination_status_change'))
    )
    with op.batch_alter_table('nomination_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_status_change_nomination_id'), ['nomination_id'], unique=False)
    op.create_table('initiative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('kind', sa.Enum('INITIATIVE', 'RESEARCH', name='initiativekind', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.SmallInteger(), nullable=False),
    sa.Column('level', sa.Enum('BASE', 'PROVINCE', 'NATIONAL', name='initiativelevel', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('recognised_by', sa.String(length=250), nullable=True),
    sa.Column('decision_number', sa.String(length=80), nullable=True),
    sa.Column('decision_date', sa.Date(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=True),
    sa.Column('applied_from', sa.Date(), nullable=True),
    sa.Column('used_by_award_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('year BETWEEN 1945 AND 2200', name=op.f('ck_initiative_year')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_initiative_unit_id_unit')),
    sa.ForeignKeyConstraint(['used_by_award_id'], ['award.id'], name=op.f('fk_initiative_used_by_award_id_award')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative'))
    )
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_used_by_award_id'), ['used_by_award_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_year'), ['year'], unique=False)
    op.create_table('initiative_author',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('share', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.CheckConstraint('share IS NULL OR (share > 0 AND share <= 100)', name=op.f('ck_initiative_author_share')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_author_initiative_id_initiative')),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_initiative_author_person_id_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative_author')),
    sa.UniqueConstraint('initiative_id', 'person_id', name=op.f('uq_initiative_author_initiative_id_person_id'))
    )
    with op.batch_alter_table('initiative_author', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_author_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_author_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('initiative_author', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_author_person_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_author_initiative_id'))
    op.drop_table('initiative_author')
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_year'))
        batch_op.drop_index(batch_op.f('ix_initiative_unit_id'))
        batch_op.drop_index(batch_op.f('ix_initiative_used_by_award_id'))
    op.drop_table('initiative')
    with op.batch_alter_table('nomination_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_status_change_nomination_id'))
    op.drop_table('nomination_status_change')
    with op.batch_alter_table('nomination_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_attachment_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_attachment_batch_id'))
    op.drop_table('nomination_attachment')
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_nomination_id'))
        batch_op.drop_index(batch_op.f('ix_ballot_meeting_id'))
    op.drop_table('ballot')
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.drop_index('uq_award_unit_title_year', sqlite_where=sa.text('is_title AND NOT revoked'), postgresql_where=sa.text('is_title AND NOT revoked'))
        batch_op.drop_index('uq_award_person_title_year', sqlite_where=sa.text('is_title AND NOT revoked'), postgresql_where=sa.text('is_title AND NOT revoked'))
        batch_op.drop_index(batch_op.f('ix_award_year'))
        batch_op.drop_index(batch_op.f('ix_award_unit_id'))
        batch_op.drop_index(batch_op.f('ix_award_person_id'))
        batch_op.drop_index(batch_op.f('ix_award_decision_id'))
        batch_op.drop_index(batch_op.f('ix_award_award_type_id'))
    op.drop_table('award')
    with op.batch_alter_table('target_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_result_unit_id'))
        batch_op.drop_index(batch_op.f('ix_target_result_target_id'))
    op.drop_table('target_result')
    with op.batch_alter_table('registration_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_item_registration_id'))
        batch_op.drop_index(batch_op.f('ix_registration_item_person_id'))
    op.drop_table('registration_item')
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_year'))
        batch_op.drop_index(batch_op.f('ix_nomination_unit_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_person_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_batch_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_award_type_id'))
    op.drop_table('nomination')
    with op.batch_alter_table('meeting_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_attendance_meeting_id'))
    op.drop_table('meeting_attendance')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_campaign_id'))
    op.drop_table('target')
    with op.batch_alter_table('score', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_score_unit_id'))
        batch_op.drop_index(batch_op.f('ix_score_criterion_id'))
    op.drop_table('score')
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registration_year'))
        batch_op.drop_index(batch_op.f('ix_registration_unit_id'))
    op.drop_table('registration')
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phase_campaign_id'))
    op.drop_table('phase')
    with op.batch_alter_table('nomination_batch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_batch_year'))
        batch_op.drop_index(batch_op.f('ix_nomination_batch_unit_id'))
    op.drop_table('nomination_batch')
    op.drop_table('council_member')
    with op.batch_alter_table('content_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_item_campaign_id'))
    op.drop_table('content_item')
    with op.batch_alter_table('pledge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pledge_cluster_id'))
    op.drop_table('pledge')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_year'))
    op.drop_table('decision')
    with op.batch_alter_table('criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criterion_cluster_id'))
    op.drop_table('criterion')
    with op.batch_alter_table('council_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_meeting_year'))
    op.drop_table('council_meeting')
    with op.batch_alter_table('cluster_member', schema=None) as batch_op:
        batch_op.drop_index('uq_cluster_member_leader', sqlite_where=sa.text("role = 'LEADER'"), postgresql_where=sa.text("role = 'LEADER'"))
        batch_op.drop_index(batch_op.f('ix_cluster_member_unit_id'))
        batch_op.drop_index(batch_op.f('ix_cluster_member_cluster_id'))
    op.drop_table('cluster_member')
    op.drop_table('campaign')
    with op.batch_alter_table('outgoing_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_document_year'))
    op.drop_table('outgoing_document')
    with op.batch_alter_table('cluster', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cluster_year'))
    op.drop_table('cluster')
