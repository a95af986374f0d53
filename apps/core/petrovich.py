"""The petrovich rules (pytrovich), loaded once per process: documents decline names with them,
matching reads names in any case with them."""

from functools import lru_cache

from pytrovich.detector import PetrovichGenderDetector
from pytrovich.maker import PetrovichDeclinationMaker


@lru_cache(maxsize=1)
def maker() -> PetrovichDeclinationMaker:
    return PetrovichDeclinationMaker()


@lru_cache(maxsize=1)
def detector() -> PetrovichGenderDetector:
    return PetrovichGenderDetector()
