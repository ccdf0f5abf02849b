"""The job board's Whoosh index of published jobs and its search: filters, counts, sorting, pages, spelling (no Flask).

The services build a JobDocument per published job from the database; this package stores and searches them.
"""

from portal.board.index import JobDocument, JobIndex, job_schema
from portal.board.search import SALARY_STEPS, SORTS, BoardPage, BoardQuery, FacetCount, search_jobs

__all__ = [
    "SALARY_STEPS",
    "SORTS",
    "BoardPage",
    "BoardQuery",
    "FacetCount",
    "JobDocument",
    "JobIndex",
    "job_schema",
    "search_jobs",
]
