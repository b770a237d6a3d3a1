"""A part of a screen made when first used, its module imported only then (start-up time)."""

from __future__ import annotations

from importlib import import_module
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class Lazy(Generic[T]):
    """``part = Lazy("package.module", "Class")`` on a class: ``obj.part`` is ``Class(obj)``,
    made on first access and kept on ``obj``."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name, self.attr = module, name, ""

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Lazy[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = getattr(import_module(self.module), self.name)(obj)
        obj.__dict__[self.attr] = value  # found before this descriptor from now on
        return value
