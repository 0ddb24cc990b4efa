"""Background jobs: chasing agencies whose figures are late."""

from __future__ import annotations

from django_tasks import task

from safeguard.core.notify import send_email


@task()
def send_chase_email(*, recipients: list[str], agency_name: str, lines: list[str]) -> int:
    """Email an agency's data officers the periods and indicators they still owe."""
    if not recipients:
        return 0
    body = (
        f"Safeguard has not yet received these figures from {agency_name}:\n\n"
        + "\n".join(f"- {line}" for line in lines)
        + "\n\nPlease submit them on Safeguard (Scorecard, Submit figures), or reply to say when they will come."
    )
    return send_email(to=recipients, subject=f"Scorecard figures overdue: {agency_name}", body=body)
