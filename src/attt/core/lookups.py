"""`__in` on an integer column with a value the column cannot hold (an id of 2**70 in a request):
Django's exact and range lookups already treat such a value as matching nothing; `in` passes it to
the driver, which raises (SQLite: OverflowError; PostgreSQL: no bigint operator). Here `in` (on
integer columns and on foreign keys to them) drops the values out of the column's range before the
query is built, so a forged id matches no row in every form, API and filter alike: a 404 or a
refusal, never a 500."""
from __future__ import annotations

from django.db.models import ForeignKey, IntegerField
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In


def _column_type(field) -> str:
    while getattr(field, "target_field", None) is not None and field.target_field is not field:
        field = field.target_field
    return field.get_internal_type()


class _InRange:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(_column_type(self.lhs.output_field))
            except KeyError:  # not an integer column
                low = high = None
            if low is not None or high is not None:
                self.rhs = [value for value in self.rhs
                            if not isinstance(value, int)
                            or ((low is None or value >= low) and (high is None or value <= high))]
        return super().process_rhs(compiler, connection)


class IntegerIn(_InRange, In):
    pass


class ForeignKeyIn(_InRange, RelatedIn):
    pass


def register() -> None:
    IntegerField.register_lookup(IntegerIn)
    ForeignKey.register_lookup(ForeignKeyIn)
