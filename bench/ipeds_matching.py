"""Benchmark: suggesting IPEDS institutions for a partnership's providers (step 6's matching
page) in a large state.

    .venv/bin/python bench/ipeds_matching.py [--providers 60] [--institutions 700]

Names are drawn (fixed seed) from words institution names are made of, some institutions with
aliases. In the same run it times the product's scoring (`inventory.alignment.ipeds._scores`)
against the plain way, every provider against every institution name with `likeness`, checks
both find the same suggestions with the same scores, and prints `ratio=N.NN` (product / plain).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent))
from inventory_setup import setup_django  # noqa: E402

WORDS = [
    "Community",
    "College",
    "CC",
    "Technical",
    "Institute",
    "University",
    "State",
    "Valley",
    "Mountain",
    "Front",
    "Range",
    "Red",
    "Rocks",
    "Pikes",
    "Peak",
    "Aims",
    "Denver",
    "Colorado",
    "Beauty",
    "Academy",
    "School",
    "Nursing",
    "Health",
    "Sciences",
    "Career",
    "Art",
    "Design",
    "of",
    "the",
    "Western",
    "Northern",
]


def name(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--providers", type=int, default=60)
    parser.add_argument("--institutions", type=int, default=700)
    args = parser.parse_args()
    setup_django()
    from inventory.alignment import ipeds

    rng = random.Random(1)
    institutions = [
        SimpleNamespace(unitid=i, name=name(rng), alias=rng.choice(["", "", name(rng)]))
        for i in range(args.institutions)
    ]
    providers = [SimpleNamespace(pk=i, name=name(rng)) for i in range(args.providers)]

    started = time.perf_counter()
    product = ipeds._scores(providers, institutions)
    product_s = time.perf_counter() - started

    started = time.perf_counter()
    plain = {}
    for provider in providers:
        found = {}
        for institution in institutions:
            score = max(ipeds.likeness(provider.name, n) for n in ipeds._names(institution))
            if score >= ipeds.SUGGEST_AT:
                found[institution.unitid] = score
        plain[provider.pk] = found
    plain_s = time.perf_counter() - started

    if product != plain:
        raise SystemExit("the two ways found different suggestions")
    kept = sum(len(v) for v in product.values())
    print(f"{args.providers} providers x {args.institutions} institutions: {kept} suggestions")
    print(f"product {product_s * 1000:.0f} ms, plain {plain_s * 1000:.0f} ms")
    print(f"ratio={product_s / plain_s:.2f}")


if __name__ == "__main__":
    main()
