"""Median and spread of a figure's samples.

The median, not the mean, because the machine is shared and a few rounds land
on a busy moment; the spread is the interquartile range relative to the median,
so a reader sees at once whether two columns differ by more than the noise.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Summary:
    median: float
    q1: float
    q3: float
    n: int

    @property
    def spread(self) -> float:
        """Half the interquartile range as a fraction of the median (0.03 = ±3 %)."""
        return (self.q3 - self.q1) / 2 / self.median if self.median else 0.0


def summarize(samples: list[float]) -> Summary:
    if not samples:
        raise ValueError("no samples")
    if len(samples) == 1:
        return Summary(samples[0], samples[0], samples[0], 1)
    q1, _, q3 = statistics.quantiles(samples, n=4, method="inclusive")
    return Summary(statistics.median(samples), q1, q3, len(samples))
