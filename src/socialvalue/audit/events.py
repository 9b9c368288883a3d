"""The names of the audit log's events: every business action's ``verb``, one member each.

Services pass a member (``event_record(verb=AuditEvent.TENDER_PUBLISHED, ...)``), never a
string: a name is then spelt once, the audit page's filter offers every action by its words
(``AuditEvent.TENDER_PUBLISHED.label`` is "Tender: published"), and a test
(``tests/audit/test_events.py``) fails when a string is passed instead of a member. The
stored value is the member's value, the same text as before the enum, so old events read
the same.

Names built from parts are members too: the generic edit's ``<record>.created`` and
``<record>.changed`` (``core.services.record_save``, with the page's ``audit_verb``), the
import jobs' ``<import>.queued``, ``.done`` and ``.failed`` (``core.import_jobs``) and the
spend import's ``spend_import.<status>``; the code building them calls ``AuditEvent(text)``,
which refuses a name that is not here.

To add an action: add a member below (subject, dot, what happened in the past tense), then
pass it.
"""

from __future__ import annotations

from enum import StrEnum

from socialvalue.audit.display import verb_label


class AuditEvent(StrEnum):
    # award (s.50-51): the decision, then the standstill and the assessment summaries
    AWARD_DECIDED = "award.decided"
    AWARD_OUTCOME_RELEASED = "award.outcome_released"
    # api_token
    API_TOKEN_CREATED = "api_token.created"
    API_TOKEN_REVOKED = "api_token.revoked"
    API_TOKEN_REVOKED_ALL = "api_token.revoked_all"
    # assessment
    ASSESSMENT_CHANGED = "assessment.changed"
    ASSESSMENT_MEASURE_ADDED = "assessment.measure_added"
    ASSESSMENT_MEASURE_REMOVED = "assessment.measure_removed"
    ASSESSMENT_SIGNED_OFF = "assessment.signed_off"
    # bid
    BID_ATTACHMENT_ADDED = "bid.attachment_added"
    BID_ATTACHMENT_REMOVED = "bid.attachment_removed"
    BID_CHANGED = "bid.changed"
    BID_COMMITMENT_ADDED = "bid.commitment_added"
    BID_COMMITMENT_REMOVED = "bid.commitment_removed"
    BID_LATE_REFUSED = "bid.late_refused"
    BID_OWN_PROPOSAL_ADDED = "bid.own_proposal_added"
    BID_OWN_PROPOSAL_REMOVED = "bid.own_proposal_removed"
    BID_PAPER_ENTERED = "bid.paper_entered"
    BID_READ_THROUGH_API = "bid.read_through_api"
    BID_STARTED = "bid.started"
    BID_SUBMITTED = "bid.submitted"
    BID_WITHDRAWN = "bid.withdrawn"
    # contract
    CONTRACT_AWARDED = "contract.awarded"
    CONTRACT_KPI_ADDED = "contract.kpi_added"
    CONTRACT_MESSAGE_SENT = "contract.message_sent"
    CONTRACT_RECORDED = "contract.recorded"
    CONTRACT_VARIATION_APPROVED = "contract.variation_approved"
    CONTRACT_VARIATION_REFUSED = "contract.variation_refused"
    CONTRACT_VARIATION_REQUESTED = "contract.variation_requested"
    # delivery
    DELIVERY_LINE_CORRECTED = "delivery.line_corrected"
    DELIVERY_LINE_REJECTED = "delivery.line_rejected"
    DELIVERY_LINE_VERIFIED = "delivery.line_verified"
    DELIVERY_RECOVERY_PLAN_RECORDED = "delivery.recovery_plan_recorded"
    DELIVERY_REMINDER_SENT = "delivery.reminder_sent"
    DELIVERY_DUE_NOTICE_SENT = "delivery.due_notice_sent"
    DELIVERY_RETURN_SUBMITTED = "delivery.return_submitted"
    # delivery_status_rule
    DELIVERY_STATUS_RULE_CHANGED = "delivery_status_rule.changed"
    DELIVERY_STATUS_RULE_CREATED = "delivery_status_rule.created"
    # engagement
    ENGAGEMENT_ATTACHMENT_ADDED = "engagement.attachment_added"
    ENGAGEMENT_CHANGED = "engagement.changed"
    ENGAGEMENT_CREATED = "engagement.created"
    # evaluation
    EVALUATION_AGREED_SCORE_ACCEPTED = "evaluation.agreed_score_accepted"
    EVALUATION_AWARD_RECOMMENDED = "evaluation.award_recommended"
    EVALUATION_CONFLICT_DECLARED = "evaluation.conflict_declared"
    EVALUATION_CONSENSUS_AGREED = "evaluation.consensus_agreed"
    EVALUATION_CONSENSUS_CHANGED = "evaluation.consensus_changed"
    EVALUATION_EVALUATOR_ASSIGNED = "evaluation.evaluator_assigned"
    EVALUATION_EVALUATOR_REMOVED = "evaluation.evaluator_removed"
    EVALUATION_FLAG_ANSWERED = "evaluation.flag_answered"
    EVALUATION_MODERATION_COMPLETED = "evaluation.moderation_completed"
    EVALUATION_NO_CONFLICT_DECLARED = "evaluation.no_conflict_declared"
    EVALUATION_PRICES_OPENED = "evaluation.prices_opened"
    EVALUATION_PROPOSAL_VALUE_AGREED = "evaluation.proposal_value_agreed"
    EVALUATION_RECOMMENDATION_WITHDRAWN = "evaluation.recommendation_withdrawn"
    EVALUATION_SCORE_CHANGED = "evaluation.score_changed"
    EVALUATION_SCORE_RECORDED = "evaluation.score_recorded"
    EVALUATION_SCORES_SUBMITTED = "evaluation.scores_submitted"
    # evaluation_rule
    EVALUATION_RULE_CHANGED = "evaluation_rule.changed"
    EVALUATION_RULE_CREATED = "evaluation_rule.created"
    # event
    EVENT_ATTENDANCE_RECORDED = "event.attendance_recorded"
    EVENT_REGISTERED = "event.registered"
    # guidance
    GUIDANCE_CHANGED = "guidance.changed"
    GUIDANCE_CREATED = "guidance.created"
    # local_area
    LOCAL_AREA_CHANGED = "local_area.changed"
    LOCAL_AREA_CREATED = "local_area.created"
    # lot
    LOT_CHANGED = "lot.changed"
    LOT_CREATED = "lot.created"
    # measure
    MEASURE_CHANGED = "measure.changed"
    MEASURE_CREATED = "measure.created"
    # measures
    MEASURES_IMPORTED = "measures.imported"
    # measures_import
    MEASURES_IMPORT_DONE = "measures_import.done"
    MEASURES_IMPORT_FAILED = "measures_import.failed"
    MEASURES_IMPORT_QUEUED = "measures_import.queued"
    # organisation
    ORGANISATION_CHANGED = "organisation.changed"
    ORGANISATION_CREATED = "organisation.created"
    # outcome
    OUTCOME_CHANGED = "outcome.changed"
    OUTCOME_CREATED = "outcome.created"
    # plan_period
    PLAN_PERIOD_CHANGED = "plan_period.changed"
    PLAN_PERIOD_CREATED = "plan_period.created"
    # policy_statement
    POLICY_STATEMENT_CHANGED = "policy_statement.changed"
    POLICY_STATEMENT_CREATED = "policy_statement.created"
    # priority
    PRIORITY_CHANGED = "priority.changed"
    PRIORITY_CREATED = "priority.created"
    # project
    PROJECT_CHANGED = "project.changed"
    PROJECT_CREATED = "project.created"
    PROJECT_INTEREST_REGISTERED = "project.interest_registered"
    PROJECT_STAGE_CHANGED = "project.stage_changed"
    # review
    REVIEW_CONCLUSIONS_SAVED = "review.conclusions_saved"
    REVIEW_PUBLISHED = "review.published"
    # spend_import
    SPEND_IMPORT_AUTHORITY_SET = "spend_import.authority_set"
    SPEND_IMPORT_DELETED = "spend_import.deleted"
    SPEND_IMPORT_DONE = "spend_import.done"
    SPEND_IMPORT_FAILED = "spend_import.failed"
    SPEND_IMPORT_QUEUED = "spend_import.queued"
    # suppliers
    SUPPLIERS_IMPORTED = "suppliers.imported"
    # suppliers_import
    SUPPLIERS_IMPORT_DONE = "suppliers_import.done"
    SUPPLIERS_IMPORT_FAILED = "suppliers_import.failed"
    SUPPLIERS_IMPORT_QUEUED = "suppliers_import.queued"
    # tender
    TENDER_CHANGED = "tender.changed"
    TENDER_CREATED = "tender.created"
    TENDER_CRITERION_ADDED = "tender.criterion_added"
    TENDER_CRITERION_CHANGED = "tender.criterion_changed"
    TENDER_CRITERION_REMOVED = "tender.criterion_removed"
    TENDER_DEADLINE_EXTENDED = "tender.deadline_extended"
    TENDER_DOCUMENT_UPLOADED = "tender.document_uploaded"
    TENDER_PUBLISHED = "tender.published"
    TENDER_QUESTION_ANSWERED = "tender.question_answered"
    TENDER_QUESTION_ASKED = "tender.question_asked"
    TENDER_TARGET_MEASURE_REMOVED = "tender.target_measure_removed"
    TENDER_TARGET_MEASURE_SET = "tender.target_measure_set"
    # theme
    THEME_CHANGED = "theme.changed"
    THEME_CREATED = "theme.created"
    # threshold
    THRESHOLD_CHANGED = "threshold.changed"
    THRESHOLD_CREATED = "threshold.created"
    # two_factor
    TWO_FACTOR_CODE_REFUSED = "two_factor.code_refused"
    TWO_FACTOR_CODES_REGENERATED = "two_factor.codes_regenerated"
    TWO_FACTOR_RECOVERY_CODE_USED = "two_factor.recovery_code_used"
    TWO_FACTOR_REMOVED = "two_factor.removed"
    TWO_FACTOR_RESET = "two_factor.reset"
    TWO_FACTOR_SET_UP = "two_factor.set_up"
    TWO_FACTOR_THROTTLED = "two_factor.throttled"
    # user
    USER_CHANGE_APPROVED = "user.change_approved"
    USER_CHANGE_REFUSED = "user.change_refused"
    USER_CHANGE_REQUESTED = "user.change_requested"
    USER_CHANGED = "user.changed"
    USER_CREATED = "user.created"
    USER_ROLE_SET = "user.role_set"
    # value_band
    VALUE_BAND_CHANGED = "value_band.changed"
    VALUE_BAND_CREATED = "value_band.created"
    # contracting_authority
    CONTRACTING_AUTHORITY_CHANGED = "contracting_authority.changed"
    CONTRACTING_AUTHORITY_CREATED = "contracting_authority.created"
    # notice
    NOTICE_CORRECTED = "notice.corrected"
    NOTICE_EXEMPTION_CHANGED = "notice.exemption_changed"
    NOTICE_PUBLISHED = "notice.published"
    NOTICE_RATINGS_CONFIRMED = "notice.ratings_confirmed"
    # supplier
    SUPPLIER_ALIASES_ADDED = "supplier.aliases_added"
    SUPPLIER_ALIAS_REMOVED = "supplier.alias_removed"
    SUPPLIER_CHANGED = "supplier.changed"
    SUPPLIER_CREATED = "supplier.created"
    SUPPLIER_SUGGESTIONS_ACCEPTED = "supplier.suggestions_accepted"
    SUPPLIER_COLLEAGUE_INVITED = "supplier.colleague_invited"
    SUPPLIER_INVITATION_ACCEPTED = "supplier.invitation_accepted"
    SUPPLIER_SELF_REGISTERED = "supplier.self_registered"
    SUPPLIER_CATEGORIES_CHOSEN = "supplier.categories_chosen"
    # notification
    NOTIFICATION_PREFERENCES_CHANGED = "notification.preferences_changed"
    # signup
    SIGNUP_CLAIM_CONFIRMED = "signup.claim_confirmed"
    SIGNUP_CLAIM_REFUSED = "signup.claim_refused"
    SIGNUP_EMAIL_CONFIRMED = "signup.email_confirmed"
    SIGNUP_EXISTING_ADDRESS = "signup.existing_address"
    SIGNUP_REPLACED = "signup.replaced"
    SIGNUP_STARTED = "signup.started"
    # flags
    FLAGS_COMPUTED = "flags.computed"
    # flag
    FLAG_OPEN = "flag.open"
    FLAG_REVIEWED = "flag.reviewed"
    FLAG_DISMISSED = "flag.dismissed"
    # flag_rule
    FLAG_RULE_ADDED = "flag_rule.added"

    @property
    def label(self) -> str:
        """The action in words, as the audit log shows it."""
        return verb_label(self.value)

    @property
    def subject(self) -> str:
        """What the action is about: ``tender`` for ``tender.published``."""
        return self.value.partition(".")[0]


def event_groups() -> list[tuple[str, str, list[AuditEvent]]]:
    """The actions by subject, for the audit page's filter: (subject, its words, members),
    in the order of their words."""
    groups: dict[str, list[AuditEvent]] = {}
    for member in AuditEvent:
        groups.setdefault(member.subject, []).append(member)
    return sorted(
        (
            (subject, verb_label(subject), sorted(members, key=lambda m: m.label))
            for subject, members in groups.items()
        ),
        key=lambda group: group[1],
    )
