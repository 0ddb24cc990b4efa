"""Roles and what each may do — the one place to read to audit access.

A user holds one or more roles. A role grants permissions; nothing else does.
Object-level scoping (which agency's records a user sees) is applied on top of
these permissions by each app's selectors, in the query itself.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership administrator"
    DATA_OFFICER = "data_officer", "Agency data officer"
    PRACTITIONER = "practitioner", "Practitioner"
    ANALYST = "analyst", "Analyst"
    BOARD_MEMBER = "board_member", "Board member"
    POLICE_INTELLIGENCE = "police_intelligence", "Police intelligence officer"
    AUDITOR = "auditor", "Auditor (read-only)"
    DATA_PROTECTION_OFFICER = "data_protection_officer", "Data protection officer"


class Perm(models.TextChoices):
    # Partnership administration
    MANAGE_PARTNERSHIP = "manage_partnership", "Manage agencies, groups, users and memberships"
    # Person index
    VIEW_PEOPLE = "view_people", "Search and view people their agency works with"
    VIEW_ALL_PEOPLE = "view_all_people", "View every person in the partnership"
    EDIT_PEOPLE = "edit_people", "Add and correct people in the index"
    TRACE_PERSON = "trace_person", "Trace a person by NHS number or UPN across the partnership"
    # Audit
    VIEW_AUDIT = "view_audit", "See who has looked at a person and the audit log"
    # Data wash and visits
    UPLOAD_EXTRACTS = "upload_extracts", "Upload their agency's extracts"
    RUN_WASH = "run_wash", "Start wash runs and see cohort lists"
    REVIEW_LINKS = "review_links", "Confirm or reject uncertain links"
    PLAN_VISITS = "plan_visits", "Plan joint visits"
    RECORD_VISITS = "record_visits", "Record visit outcomes"
    VIEW_CAMPAIGN_TOTALS = "view_campaign_totals", "See aggregate campaign numbers"
    # Missing children and placements
    RECORD_EPISODES = "record_episodes", "Record missing episodes and return home interviews"
    VIEW_EPISODES = "view_episodes", "View missing episodes for their agency"
    EDIT_PHILOMENA = "edit_philomena", "Keep Philomena profiles"
    RECORD_PLACEMENTS = "record_placements", "Record placement notifications"
    # Intelligence and sharing
    SUBMIT_INTELLIGENCE = "submit_intelligence", "Submit soft intelligence"
    GRADE_INTELLIGENCE = "grade_intelligence", "Grade and action soft intelligence"
    VIEW_THEMES = "view_themes", "See exploitation themes without names"
    ANALYSE_INTELLIGENCE = (
        "analyse_intelligence",
        "See the intelligence network: who and what recurs across submissions",
    )
    RECORD_SHARING = "record_sharing", "Record information-sharing decisions"
    REVIEW_SHARING = "review_sharing", "Review information-sharing decisions across the agency"
    # Board
    VIEW_SCORECARD = "view_scorecard", "See performance scorecards"
    SUBMIT_FIGURES = "submit_figures", "Submit their agency's figures and returns"
    MANAGE_INDICATORS = "manage_indicators", "Define indicators and audit programmes"
    AUDIT_CASES = "audit_cases", "Grade cases and record findings in case audits they are named on"
    MANAGE_GOVERNANCE = "manage_governance", "Run meetings, action logs and bulletins"
    VIEW_GOVERNANCE = "view_governance", "See meetings and action logs"
    MANAGE_TRAINING = "manage_training", "Run training sessions"
    BOOK_TRAINING = "book_training", "Book training sessions"
    # Serious incidents and practice reviews: only a review's named members see the child it is about
    MANAGE_REVIEWS = "manage_reviews", "Record serious incidents and name who works on each review"
    WORK_ON_REVIEWS = "work_on_reviews", "Work on the reviews they are named on"
    VIEW_REVIEW_PROGRESS = "view_review_progress", "See the progress of reviews and their learning, without names"
    # Data protection: subject access, rectification, the retention schedule and the privacy notice
    MANAGE_DATA_PROTECTION = (
        "manage_data_protection",
        "Answer subject access requests, correct people's details and keep the retention schedule",
    )


P = Perm

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.PARTNERSHIP_ADMIN: frozenset(
        {
            P.MANAGE_PARTNERSHIP,
            P.VIEW_PEOPLE,
            P.VIEW_ALL_PEOPLE,
            P.EDIT_PEOPLE,
            P.TRACE_PERSON,
            P.VIEW_AUDIT,
            P.RUN_WASH,
            P.REVIEW_LINKS,
            P.PLAN_VISITS,
            P.VIEW_CAMPAIGN_TOTALS,
            P.VIEW_THEMES,
            P.VIEW_SCORECARD,
            P.MANAGE_INDICATORS,
            P.AUDIT_CASES,
            P.MANAGE_GOVERNANCE,
            P.VIEW_GOVERNANCE,
            P.MANAGE_TRAINING,
            P.BOOK_TRAINING,
            P.MANAGE_REVIEWS,
            P.WORK_ON_REVIEWS,
            P.VIEW_REVIEW_PROGRESS,
            P.MANAGE_DATA_PROTECTION,
        }
    ),
    Role.DATA_OFFICER: frozenset(
        {P.UPLOAD_EXTRACTS, P.SUBMIT_FIGURES, P.VIEW_SCORECARD, P.VIEW_CAMPAIGN_TOTALS, P.BOOK_TRAINING}
    ),
    Role.PRACTITIONER: frozenset(
        {
            P.VIEW_PEOPLE,
            P.EDIT_PEOPLE,
            P.TRACE_PERSON,
            P.RECORD_VISITS,
            P.RECORD_EPISODES,
            P.VIEW_EPISODES,
            P.EDIT_PHILOMENA,
            P.RECORD_PLACEMENTS,
            P.SUBMIT_INTELLIGENCE,
            P.RECORD_SHARING,
            P.AUDIT_CASES,
            P.BOOK_TRAINING,
            P.VIEW_GOVERNANCE,
            P.WORK_ON_REVIEWS,
        }
    ),
    Role.ANALYST: frozenset(
        {
            P.VIEW_PEOPLE,
            P.RUN_WASH,
            P.REVIEW_LINKS,
            P.PLAN_VISITS,
            P.VIEW_CAMPAIGN_TOTALS,
            P.VIEW_THEMES,
            P.ANALYSE_INTELLIGENCE,
            P.VIEW_SCORECARD,
            P.SUBMIT_FIGURES,
            P.AUDIT_CASES,
            P.BOOK_TRAINING,
            P.WORK_ON_REVIEWS,
        }
    ),
    # Board members see aggregates only: no permission here reaches a named person.
    Role.BOARD_MEMBER: frozenset(
        {
            P.VIEW_CAMPAIGN_TOTALS,
            P.VIEW_THEMES,
            P.VIEW_SCORECARD,
            P.VIEW_GOVERNANCE,
            P.BOOK_TRAINING,
            P.VIEW_REVIEW_PROGRESS,
        }
    ),
    Role.POLICE_INTELLIGENCE: frozenset(
        {
            P.VIEW_PEOPLE,
            P.TRACE_PERSON,
            P.VIEW_EPISODES,
            P.RECORD_EPISODES,
            P.SUBMIT_INTELLIGENCE,
            P.GRADE_INTELLIGENCE,
            P.VIEW_THEMES,
            P.ANALYSE_INTELLIGENCE,
            P.RECORD_SHARING,
            P.REVIEW_SHARING,
            P.BOOK_TRAINING,
            P.WORK_ON_REVIEWS,
        }
    ),
    # Auditors read people, the audit trail and the figures, and change nothing (case audits are
    # for the named auditors only).
    Role.AUDITOR: frozenset(
        {
            P.VIEW_PEOPLE,
            P.VIEW_ALL_PEOPLE,
            P.VIEW_AUDIT,
            P.VIEW_CAMPAIGN_TOTALS,
            P.VIEW_SCORECARD,
            P.VIEW_GOVERNANCE,
            P.VIEW_REVIEW_PROGRESS,
        }
    ),
    # An agency's data protection officer answers subject access requests across the partnership's
    # records (Article 15 reaches everything the controllers hold) and reads who viewed them.
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {P.MANAGE_DATA_PROTECTION, P.VIEW_PEOPLE, P.VIEW_ALL_PEOPLE, P.VIEW_AUDIT, P.BOOK_TRAINING}
    ),
}

# Roles whose holders may never change anything, whatever else they hold.
READ_ONLY_ROLES: frozenset[Role] = frozenset({Role.AUDITOR})


def roles_with(perm: Perm) -> frozenset[Role]:
    """Every role that grants ``perm``: for choosing people by what they may do, not by role name."""
    return frozenset(role for role, perms in ROLE_PERMISSIONS.items() if perm in perms)


def permissions_for(roles: set[Role] | frozenset[Role]) -> frozenset[Perm]:
    granted: set[Perm] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
