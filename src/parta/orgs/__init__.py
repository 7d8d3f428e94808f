"""Organisations: profile, settings, creation on the operator's approval."""
