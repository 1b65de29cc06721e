"""Prosci ADKAR: the barrier point of a group and what to do about it.

Each element is scored 1-5; the barrier point is the first element, in the
order Awareness, Desire, Knowledge, Ability, Reinforcement, that scores 3 or
less. It is fixed before the later ones: no training before desire.
"""

from __future__ import annotations

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


def barrier_point(adkar: Adkar) -> Element | None:
    """The first element scoring 3 or less, or None when all score above 3."""
    for element in ELEMENTS:
        if getattr(adkar, element) <= BARRIER_AT_MOST:
            return element
    return None


def lowest_element(adkar: Adkar) -> Element:
    """The element with the lowest score (the first in ADKAR order on a tie).

    The barrier point alone can hide the deepest gap: awareness at 3 is the
    barrier of a group whose desire is 1, and desire is what will stop it."""
    return min(ELEMENTS, key=lambda element: (getattr(adkar, element), ELEMENTS.index(element)))


def barrier_action(adkar: Adkar | None) -> tuple[Element | None, str]:
    """The barrier point and what to do about it."""
    if adkar is None:
        return None, NOT_ASSESSED
    element = barrier_point(adkar)
    return element, (ACTIONS[element] if element else NO_BARRIER)
