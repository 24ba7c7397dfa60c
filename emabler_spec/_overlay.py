"""An OpenAPI Overlay 1.0 applied to the spec's YAML text, comments and layout kept: how a proposal reaches the spec.

The Overlay Specification 1.0.0 (https://spec.openapis.org/overlay/v1.0.0.html): a document `overlay: 1.0.0` with
`info` and a list of `actions`, each a JSONPath (RFC 9535) `target` and either `remove: true` (each selected node
leaves the object or array that holds it) or an `update`: merged into each selected object (recursively: an object
of the update merges into the object of the same name, any other value replaces the one there), or appended to each
selected array. Actions apply in order, each to the result of the ones before.

The spec is read and written with ruamel.yaml's round-trip mode, so the comments, key order, quoting and indentation
of openapi.yaml survive; a text read and written with no action is the same text (tested). A scalar that replaces a
quoted one keeps its quotes. An action that selects nothing, or that cannot apply to what it selects, stops the whole
overlay before anything is written: a proposal applies entirely or not at all.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Mapping, MutableMapping, MutableSequence
from typing import Any

import jsonpath
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

VERSION_PREFIX = "1.0."  # the Overlay versions this applies


class OverlayError(ValueError):
    """An overlay that is not one, or that does not apply to the spec: the message says why, in one line."""


def _round_trip() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long line of the spec
    yaml.indent(mapping=2, sequence=4, offset=2)  # openapi.yaml's own layout
    return yaml


def _plain_is_not_a_string(text: str) -> bool:
    try:
        return not isinstance(yaml.safe_load(text), str)
    except yaml.YAMLError:
        return False


def _like(old: Any, new: Any) -> Any:
    """`new`, written as the spec writes such values: a string quoted as `old` was (a "400" that becomes "401" stays
    double-quoted); a list of scalars in flow style (`[string, "null"]`), a string YAML would read otherwise quoted."""
    if isinstance(old, ScalarString) and isinstance(new, str) and not isinstance(new, ScalarString):
        return type(old)(new)
    if isinstance(new, list) and not any(isinstance(item, Mapping | list) for item in new):
        flow = CommentedSeq(
            DoubleQuotedScalarString(item) if isinstance(item, str) and _plain_is_not_a_string(item) else item
            for item in new
        )
        flow.fa.set_flow_style()
        return flow
    return copy.deepcopy(new)


def _merge(target: MutableMapping[str, Any], update: Mapping[str, Any]) -> None:
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(target.get(key), MutableMapping):
            _merge(target[key], value)
        else:
            target[key] = _like(target.get(key), value)


def _actions(overlay: Any) -> list[dict[str, Any]]:
    if not isinstance(overlay, Mapping) or "overlay" not in overlay:
        raise OverlayError("it is not an OpenAPI Overlay: no `overlay` version field")
    if not str(overlay["overlay"]).startswith(VERSION_PREFIX):
        raise OverlayError(f"it is an Overlay {overlay['overlay']}; this applies Overlay {VERSION_PREFIX}x")
    actions = overlay.get("actions")
    if not isinstance(actions, list) or not actions:
        raise OverlayError("it has no actions")
    for number, action in enumerate(actions, start=1):
        if not isinstance(action, Mapping) or not isinstance(action.get("target"), str):
            raise OverlayError(f"action {number} has no target")
        if action.get("remove") is not True and "update" not in action:
            raise OverlayError(f"action {number} ({action['target']}) neither updates nor removes")
    return [dict(action) for action in actions]


def _container(document: Any, parts: tuple[Any, ...]) -> Any:
    node = document
    for part in parts:
        node = node[part]
    return node


def _apply(document: Any, number: int, action: dict[str, Any]) -> None:
    target = action["target"]
    try:
        matches = list(jsonpath.finditer(target, document))
    except jsonpath.JSONPathError as error:
        raise OverlayError(f"action {number}: {target} is not a JSONPath ({str(error).splitlines()[0]})") from None
    if not matches:
        raise OverlayError(f"action {number}: {target} selects nothing in the spec")
    if action.get("remove") is True:
        # Deepest and last first, so that removing one node never moves another one still to remove.
        for match in sorted(matches, key=lambda m: (len(m.parts), m.parts), reverse=True):
            if not match.parts:
                raise OverlayError(f"action {number}: {target} selects the whole document, which cannot be removed")
            del _container(document, match.parts[:-1])[match.parts[-1]]
        return
    update = action["update"]
    for match in matches:
        if isinstance(match.obj, MutableMapping):
            if not isinstance(update, Mapping):
                raise OverlayError(f"action {number}: {target} selects an object; its update must be an object")
            _merge(match.obj, update)
        elif isinstance(match.obj, MutableSequence):
            match.obj.append(copy.deepcopy(update))
        else:
            raise OverlayError(f"action {number}: {target} selects a value that is neither an object nor an array")


def apply_overlay(overlay: Any, text: str) -> tuple[str, int]:
    """The spec's YAML `text` with `overlay` (a parsed Overlay document) applied, and how many actions applied."""
    actions = _actions(overlay)
    yaml = _round_trip()
    document = yaml.load(text)
    for number, action in enumerate(actions, start=1):
        _apply(document, number, action)
    written = io.StringIO()
    yaml.dump(document, written)
    return written.getvalue(), len(actions)
