"""Base for API input schemas: strict types (pydantic strict mode), so `false` is not 0, `1` is not
"1", and a body must be a JSON object (`[null, null]` is refused, not read as an empty form).
Dates and times arrive as ISO text in JSON: `JsonDate` / `JsonDateTime` accept text only."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, model_validator


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*")


def _iso_date_only(value):
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


def _iso_datetime_only(value):
    if isinstance(value, dt.datetime) or (isinstance(value, str) and _ISO_DATETIME.fullmatch(value)):
        return value
    raise ValueError("expected a date-time as YYYY-MM-DDTHH:MM[:SS][+zone]")


JsonDate = Annotated[dt.date, Field(strict=False), BeforeValidator(_iso_date_only)]
JsonDateTime = Annotated[dt.datetime, Field(strict=False), BeforeValidator(_iso_datetime_only)]
# A date in a query string: YYYY-MM-DD only ("0" is not 1 January 1970).
QueryDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


class StrictIn(Schema):
    model_config = ConfigDict(strict=True)

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data):
        raw = getattr(data, "_obj", data)  # ninja hands the input wrapped in a DjangoGetter
        if isinstance(raw, (Mapping, Schema)):
            return data
        raise ValueError("the body must be a JSON object")

