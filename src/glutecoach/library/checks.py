"""Checks that span files: unique ids, references that exist and are used."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from glutecoach.domain.evidence import Guideline, NoiseFloor, Reference
from glutecoach.domain.exercise import Family
from glutecoach.domain.safety import LoadingRule


def cross_file_problems(
    families: Sequence[tuple[Path, Family]],
    references: Sequence[Reference],
    guidelines: Sequence[Guideline] = (),
    noise_floors: Sequence[NoiseFloor] = (),
    loading_rules: Sequence[LoadingRule] = (),
) -> list[str]:
    """Every problem found, as 'file: what is wrong' lines; empty when the library is sound."""
    problems: list[str] = []
    family_ids = Counter(f.family for _, f in families)
    problems += [
        f"family id {fid!r} is used by {n} files" for fid, n in family_ids.items() if n > 1
    ]

    seen: dict[str, Path] = {}
    for path, family in families:
        for v in family.variations:
            names = (v.id, *v.aliases)
            for name in names:
                if name in seen:
                    problems.append(
                        f"{path.name}: id or alias {name!r} is already used in {seen[name].name}"
                    )
                seen[name] = path

    mistake_ids = Counter(m.id for _, f in families for v in f.variations for m in v.mistakes)
    problems += [f"mistake id {mid!r} appears {n} times" for mid, n in mistake_ids.items() if n > 1]

    ref_keys = Counter(r.key for r in references)
    problems += [
        f"references.yaml: key {key!r} is defined {n} times" for key, n in ref_keys.items() if n > 1
    ]
    cited: dict[str, str] = {}
    for path, family in families:
        for v in family.variations:
            for key in v.references():
                cited.setdefault(key, f"{path.name} ({v.id})")
    for g in guidelines:
        cited.setdefault(g.reference, f"guidelines.yaml ({g.id})")
    for floor in noise_floors:
        cited.setdefault(floor.reference, f"noise.yaml ({floor.id})")
    noise_ids = Counter(f.id for f in noise_floors)
    problems += [
        f"noise.yaml: id {nid!r} is defined {n} times" for nid, n in noise_ids.items() if n > 1
    ]
    for rule in loading_rules:
        if rule.reference:
            cited.setdefault(rule.reference, f"safety.yaml ({rule.id})")
    rule_ids = Counter(r.id for r in loading_rules)
    problems += [
        f"safety.yaml: rule id {rid!r} appears {n} times" for rid, n in rule_ids.items() if n > 1
    ]
    problems += [
        f"{where}: cites {key!r}, which is not in references.yaml"
        for key, where in sorted(cited.items())
        if key not in ref_keys
    ]
    problems += [
        f"references.yaml: {key!r} is cited by nothing; remove it or cite it"
        for key in sorted(ref_keys)
        if key not in cited
    ]
    return problems
