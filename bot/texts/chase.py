"""Wording of chasing: reminders, overdue notices, check-ins and the weekly digest."""

TEXTS: dict[str, dict[str, str]] = {}
