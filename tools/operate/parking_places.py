"""Lookups over every registered system's parking places for a suffix; the places are the systems' own.

Each system declares its places in stacks/<system>/parking.py (names from
its names module, labels and counts its stack.py uses); this module finds
them through the registry, in its order, and names no system.
"""

from stacks import registry
from stacks.parking import ParkingPlace


def places_for(suffix: str) -> list[ParkingPlace]:
    """Every parking place of every registered system, in the registry's order."""
    return [place for system in registry.SYSTEMS for place in system.parking(suffix)]


def place_named(suffix: str, queue: str) -> ParkingPlace:
    """The place whose queue is `queue`, given as its name (`payments-dlq-dev`) or its label (`payments-dlq`)."""
    places = places_for(suffix)
    for place in places:
        if queue in (place.queue, place.label):
            return place
    known = ", ".join(place.queue for place in places)
    raise LookupError(f"{queue!r} is no parking place for suffix {suffix!r}; they are: {known}")
