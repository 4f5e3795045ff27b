"""Measure the field-name classifier of rule PL203 against the labelled corpus.

    python scripts/name_accuracy.py [--corpus FILE] [--errors]

Reads ``tests/data/field_names.tsv``, runs ``policylint.names.classify`` on every name and
prints precision and recall of "personal or not", per language and overall, with the share
of true positives whose suggested category is the labelled one. ``--errors`` also lists
every name the classifier got wrong. Exits 1 when overall precision is below 0.90 or
overall recall below 0.85.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

try:
    from policylint.names import NameMatch, classify
except ImportError:  # run from a source checkout without PYTHONPATH=src
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from policylint.names import NameMatch, classify

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "field_names.tsv"
LANGUAGES = ("en", "nl", "fr", "de")
HEADER = "name\tlanguage\tpersonal\tcategory\tsource"
MIN_PRECISION = 0.90
MIN_RECALL = 0.85


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled field name of the corpus."""

    name: str
    language: str
    personal: bool
    category: str | None
    source: str


@dataclass(slots=True)
class Score:
    """Counts for one language, or for all of them."""

    names: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    same_category: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def personal(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def category_accuracy(self) -> float:
        return self.same_category / self.tp if self.tp else 1.0

    def add(self, row: Row, match: NameMatch | None) -> None:
        self.names += 1
        if match is not None and row.personal:
            self.tp += 1
            if match.category == row.category:
                self.same_category += 1
        elif match is not None:
            self.fp += 1
            self.errors.append(f"FP {row.name} ({row.source}): {match.category} via {match.term!r}")
        elif row.personal:
            self.fn += 1
            self.errors.append(f"FN {row.name} ({row.source}): labelled {row.category}")


def load_corpus(path: Path = CORPUS) -> list[Row]:
    """The labelled rows of a corpus file; ``#`` lines and the column header are skipped."""
    rows: list[Row] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#") or line == HEADER:
            continue
        cells = line.split("\t")
        if len(cells) != 5 or cells[2] not in ("yes", "no") or cells[1] not in LANGUAGES:
            raise ValueError(f"{path}:{number}: expected name, language, yes|no, category, source")
        name, language, personal, category, source = cells
        rows.append(
            Row(name, language, personal == "yes", None if category == "-" else category, source)
        )
    return rows


def evaluate(
    rows: Iterable[Row], classifier: Callable[[str], NameMatch | None] = classify
) -> dict[str, Score]:
    """Scores per language and under ``"all"``."""
    scores = {language: Score() for language in (*LANGUAGES, "all")}
    for row in rows:
        match = classifier(row.name)
        scores[row.language].add(row, match)
        scores["all"].add(row, match)
    return scores


def table(scores: dict[str, Score]) -> str:
    """The scores as a fixed-width table."""
    lines = [
        f"{'language':<9}{'names':>6}{'personal':>9}{'TP':>5}{'FP':>5}{'FN':>5}"
        f"{'precision':>11}{'recall':>8}{'category':>10}"
    ]
    for language, s in scores.items():
        lines.append(
            f"{language:<9}{s.names:>6}{s.personal:>9}{s.tp:>5}{s.fp:>5}{s.fn:>5}"
            f"{s.precision:>11.3f}{s.recall:>8.3f}{s.category_accuracy:>10.3f}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="labelled TSV file")
    parser.add_argument("--errors", action="store_true", help="list misclassified names")
    args = parser.parse_args(argv)
    scores = evaluate(load_corpus(args.corpus))
    print(table(scores))
    if args.errors:
        print()
        print("\n".join(scores["all"].errors))
    overall = scores["all"]
    if overall.precision < MIN_PRECISION or overall.recall < MIN_RECALL:
        print(
            f"\nbelow target: precision {overall.precision:.3f} (min {MIN_PRECISION}), "
            f"recall {overall.recall:.3f} (min {MIN_RECALL})",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
