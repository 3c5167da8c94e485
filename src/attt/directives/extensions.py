"""Links other modules add to the directive pages, without directives importing them.

A module registers a provider in its AppConfig.ready():

    from attt.directives.extensions import register_link_provider
    register_link_provider(my_provider)

A provider is `provider(user, directive) -> list[DirectiveLink]`; `directive` is None on the units'
inbox (then the links are about everything the user sees). Providers read with `visible_to(user)`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DirectiveLink:
    key: str
    label: str
    url: str
    count: int


_providers: list[Callable] = []


def register_link_provider(provider: Callable) -> None:
    if provider not in _providers:
        _providers.append(provider)


def links_for(user, directive=None) -> list[DirectiveLink]:
    out: list[DirectiveLink] = []
    for provider in _providers:
        out.extend(provider(user, directive) or [])
    return out
