"""A deterministic corpus of realistic news articles for benchmarks.

Sentences are assembled from news-shaped templates (figures, quotes, attributions,
hedges, comparisons, predictions, plain narrative), so the claims engine and the
reader see the same mix they see in real articles.  Same seed, same bytes.

    python benchmarks/corpus.py OUT_DIR --count 10000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PLACES = ["Kyiv", "Brussels", "Nairobi", "Lima", "Jakarta", "Ottawa", "Manila", "Lagos", "Warsaw", "Seoul",
          "the northern province", "the capital", "coastal towns", "the border region", "three districts"]
ACTORS = ["the health ministry", "the central bank", "the city council", "the electoral commission",
          "the defence ministry", "the UN refugee agency", "the port authority", "the national statistics office",
          "the opposition party", "the teachers' union", "the World Bank", "the European Commission"]
PEOPLE = ["Maria Alvarez, a spokeswoman for the ministry", "Dr Samuel Okafor, an epidemiologist at Lagos University",
          "Anna Kowalska, the deputy mayor", "Ju Hong Won, a member of parliament", "Peter Lindqvist, an economist",
          "Fatima Haddad, the agency's regional director", "General Tomas Reyes", "Sen. Laura Bennett"]
SURNAMES = ["Alvarez", "Okafor", "Kowalska", "Ju", "Lindqvist", "Haddad", "Reyes", "Bennett"]
THINGS = ["households", "soldiers", "patients", "teachers", "voters", "refugees", "small businesses", "students"]
VERBS = ["said", "reported", "confirmed", "stated", "noted", "told reporters", "warned", "announced"]
HEDGES = ["at least", "about", "around", "nearly", "more than", "roughly", "an estimated", "up to"]
TOPICS = ["Funding", "What happens next?", "The response", "Background", "Reaction", "Why it matters",
          "The numbers", "A divided council", "Is the plan working?"]
NARRATIVE = [
    "The meeting ran late into the evening.",
    "Residents gathered outside the town hall on Tuesday morning.",
    "The decision follows months of negotiations between the two sides.",
    "Critics have questioned whether the plan can be delivered on time.",
    "Officials declined to give further details.",
    "It was not immediately clear how the measures would be enforced.",
    "The announcement drew a mixed response from local businesses.",
    "Talks are expected to resume next week.",
]


def _number(rng: random.Random) -> str:
    value = rng.choice([rng.randint(2, 99), rng.randint(100, 999), rng.randint(1000, 99000)])
    return f"{value:,}"


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    place, actor, person = rng.choice(PLACES), rng.choice(ACTORS), rng.choice(PEOPLE)
    things, verb, hedge = rng.choice(THINGS), rng.choice(VERBS), rng.choice(HEDGES)
    number, percent = _number(rng), f"{rng.randint(1, 95)}%"
    if kind < 0.18:
        return (
            f"{actor[0].upper() + actor[1:]} {verb} that {hedge} {number} {things} in {place} were affected this year."
        )
    if kind < 0.30:
        return (f'"We have seen {hedge} {number} {things} arrive since January, and the numbers are still rising," '
                f"{person.split(',')[0]} said.")
    if kind < 0.40:
        return f"According to {actor}, spending on {things} rose by {percent} compared with last year."
    if kind < 0.50:
        return f"The figure is {rng.choice(['higher', 'lower'])} than in any year since {rng.randint(1990, 2020)}."
    if kind < 0.58:
        return f"{rng.choice(SURNAMES)} {verb} the programme would cost {hedge} ${number} million over five years."
    if kind < 0.66:
        when = rng.choice(["March", "June", "the autumn"])
        return f"{actor[0].upper() + actor[1:]} is expected to publish new figures for {place} in {when}."
    if kind < 0.72:
        return f"The number of {things} appears to have fallen by {percent} in {place}, the report stated."
    if kind < 0.78:
        where = place.capitalize() if place[0].islower() else place
        return f"{where} has {number} {things}, roughly half the national average."
    return rng.choice(NARRATIVE)


def article_text(seed: int, size: int) -> str:
    """A plain-text article of about ``size`` bytes: headline, key points, headed paragraphs."""
    rng = random.Random(seed)
    title = f"{rng.choice(ACTORS).capitalize()} faces questions over {rng.choice(THINGS)} in {rng.choice(PLACES)}"
    lines = [
        title,
        "",
        f"By {rng.choice(PEOPLE).split(',')[0]}",
        f"{rng.randint(1, 28)} {rng.choice(['March', 'June', 'October'])} {rng.randint(2019, 2026)}",
        "",
    ]
    lines += ["Key points", ""] + [f"• {sentence(rng)}" for _ in range(3)] + [""]
    length = sum(len(line) + 1 for line in lines)
    while length < size:
        if rng.random() < 0.15:
            lines += [rng.choice(TOPICS), ""]
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        lines += [paragraph, ""]
        length += len(paragraph) + 30
    return "\n".join(lines)


def write_corpus(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """``count`` articles of 1-50 KB (most short, a few long, like a real library)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    written = []
    for number in range(count):
        size = int(min(50_000, max(1_000, rng.lognormvariate(8.6, 0.8))))
        path = folder / f"{number // 1000:02d}" / f"article-{number:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(article_text(seed * 100_003 + number, size), encoding="utf-8")
        written.append(path)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write_corpus(args.out, args.count, args.seed)
    total = sum(path.stat().st_size for path in paths)
    print(f"{len(paths)} articles, {total / 1e6:.1f} MB in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
