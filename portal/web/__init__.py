"""Blueprints by audience: public, auth, employer, candidate, recruiter."""
