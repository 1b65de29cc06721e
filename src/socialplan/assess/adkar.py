"""Prosci ADKAR: the barrier point of a group and what to do about it.

Each element is scored 1-5; the barrier point is the first element, in the
order Awareness, Desire, Knowledge, Ability, Reinforcement, that scores 3 or
less (typed levels) or at most the evidence's ``barrier_threshold`` (survey
means). It is fixed before the later ones: no training before desire.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from socialplan.model import Adkar

Element = Literal["awareness", "desire", "knowledge", "ability", "reinforcement"]
ELEMENTS: tuple[Element, ...] = ("awareness", "desire", "knowledge", "ability", "reinforcement")
BARRIER_AT_MOST = 3

ACTIONS: dict[Element, str] = {
    "awareness": "explain why the change is needed: sponsor messages, the case for change in "
                 "their terms, town halls",
    "desire": "give them a reason to take part: what's in it for them against their own goals, "
              "leaders and champions using it visibly, listen to objections",
    "knowledge": "teach how: workshops, seminars, webinars and short guides",
    "ability": "help them practise on real work: coaching, drop-in sessions, champions nearby, time to learn",
    "reinforcement": "make it stick: recognise good use, share success stories, report adoption",
}
NO_BARRIER = "no barrier: keep reinforcing and measure adoption"
NOT_ASSESSED = "not assessed: run an ADKAR readiness survey or interviews"


Levels = Mapping[Element, float]


def levels_of(adkar: Adkar) -> dict[Element, float]:
    """Typed scores as element -> level (the ints kept as ints)."""
    return {element: getattr(adkar, element) for element in ELEMENTS}


def _levels(adkar: Adkar | Levels) -> Levels:
    return levels_of(adkar) if isinstance(adkar, Adkar) else adkar


def barrier_point(adkar: Adkar | Levels, threshold: float = BARRIER_AT_MOST) -> Element | None:
    """The first element at or below ``threshold``, or None when all are
    above it. Survey means (3.4) may lack an element the survey did not
    ask about: it is skipped, as nothing is known of it."""
    levels = _levels(adkar)
    for element in ELEMENTS:
        level = levels.get(element)
        if level is not None and level <= threshold:
            return element
    return None


def lowest_element(adkar: Adkar | Levels) -> Element:
    """The element with the lowest score (the first in ADKAR order on a tie).

    The barrier point alone can hide the deepest gap: awareness at 3 is the
    barrier of a group whose desire is 1, and desire is what will stop it."""
    levels = _levels(adkar)
    known = [element for element in ELEMENTS if element in levels]
    return min(known, key=lambda element: (levels[element], ELEMENTS.index(element)))


def barrier_action(adkar: Adkar | Levels | None, threshold: float = BARRIER_AT_MOST) -> tuple[Element | None, str]:
    """The barrier point and what to do about it."""
    if adkar is None:
        return None, NOT_ASSESSED
    element = barrier_point(adkar, threshold)
    return element, (ACTIONS[element] if element else NO_BARRIER)
