from enum import IntEnum
from typing import Any


class ReferenceType(IntEnum):
    VALUE_0 = 0
    VALUE_1 = 1

    def __str__(self) -> str:
        return str(self.value)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self._name_}: {self._value_!r}>"

    @classmethod
    def _missing_(cls, value: Any) -> "ReferenceType":
        # int() of a pseudo-member is the value when it is an integer, else -1.
        number = value if isinstance(value, int) and not isinstance(value, bool) else -1
        member = int.__new__(cls, number)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member

    @property
    def is_known(self) -> bool:
        """False for a value this client's spec does not list (kept as it was sent)."""
        return self._name_ in type(self).__members__
