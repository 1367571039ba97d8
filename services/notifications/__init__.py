"""Deadline notifications: what a cafe is told when its ordering deadline for a date passes."""
