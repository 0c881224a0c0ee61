"""The pages of every API list."""

from rest_framework import pagination
from rest_framework.exceptions import NotFound


class PageNumberPagination(pagination.PageNumberPagination):
    def get_page_number(self, request, paginator):
        # DRF would take the last of several `page` values, and an empty one for the first
        # page: the schema says one integer, and that is all that is accepted.
        values = request.query_params.getlist(self.page_query_param)
        if len(values) > 1 or values == [""]:
            raise NotFound(self.invalid_page_message)
        return super().get_page_number(request, paginator)
