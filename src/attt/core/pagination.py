from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils.functional import cached_property


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count()


def paginate(request, queryset, per_page: int = 50, count=None):
    """A page of `queryset` by `?page=`. `count`, if given, is called for the total instead of
    counting `queryset` (e.g. a count kept by `attt.core.cached`)."""
    paginator = Paginator(queryset, per_page) if count is None else _CountedPaginator(queryset, per_page, count)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        return paginator.page(1 if not str(request.GET.get("page", "")).isdigit() else paginator.num_pages)


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- the API ---------------------------------------------------------------------------------------
# Every list under /api/ pages with `limit` (1..API_MAX_LIMIT) and `offset` (0..API_MAX_OFFSET). Out of
# range or not an integer is a JSON 422 in the caller's language, never a database overflow (500).

from ninja import Field, Schema  # noqa: E402
from ninja.pagination import LimitOffsetPagination  # noqa: E402

API_PER_PAGE = 50
API_MAX_LIMIT = 200
API_MAX_OFFSET = 10**9


class ApiPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(API_PER_PAGE, ge=1, le=API_MAX_LIMIT, description="Số mục mỗi trang (1–200).")
        offset: int = Field(0, ge=0, le=API_MAX_OFFSET, description="Bỏ qua bao nhiêu mục đầu.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=API_MAX_LIMIT, **kwargs)
