from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 100 (``?page=2``); ``next`` and ``previous`` link to the neighbours."""

    page_size = 100
