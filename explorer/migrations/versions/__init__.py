"""Revisions of the explorer's index, oldest first."""
