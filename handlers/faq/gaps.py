"""Clustering the gaps log: similar unanswered questions grouped, so coordinators see what is asked most."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rapidfuzz import fuzz, process

from handlers.shared.text import fold

SIMILAR = 70


@dataclass(frozen=True)
class GapItem:
    text: str
    created_at: datetime
    room_id: str


@dataclass
class Cluster:
    representative: str
    latest_at: datetime
    latest_room: str
    count: int = 0
    examples: list[str] = field(default_factory=list)


def cluster_gaps(items: Iterable[GapItem], similar: int = SIMILAR) -> list[Cluster]:
    """Greedy single pass, newest first: a question joins the cluster it resembles most (token-set ratio), or
    starts one. The same question again costs a dictionary lookup; a new one, one vectorised comparison with
    the clusters so far (rapidfuzz, in C). Callers run it in a thread: it is CPU work.

    Sorted by the newest question in each cluster, so fresh topics come first; counts show how often it came.
    """
    clusters: list[Cluster] = []
    keys: list[str] = []
    seen: dict[str, int] = {}
    for item in sorted(items, key=lambda i: i.created_at, reverse=True):
        key = fold(item.text)
        index = seen.get(key)
        if index is None:
            best = process.extractOne(key, keys, scorer=fuzz.token_set_ratio, score_cutoff=similar) if keys else None
            index = best[2] if best else None
        if index is None:
            seen[key] = len(clusters)
            clusters.append(Cluster(item.text, item.created_at, item.room_id, 1, [item.text]))
            keys.append(key)
            continue
        seen[key] = index
        cluster = clusters[index]
        cluster.count += 1
        if len(cluster.examples) < 3 and item.text not in cluster.examples:
            cluster.examples.append(item.text)
    return clusters
