"""A synthetic, valid, cross-linked Atlas corpus of any size, for the benchmarks.

`generate(n, out_dir)` writes about n records across every kind into out_dir/<folder>/<id>.yaml,
shaped like the real ones (tests/fixtures/valid/ is the template): the schema modeline on the first
line, citations inline as [@citekey], every reference cited, every marker reaching at least two
repairs in each of the four settings, repairs in stage order, ids equal to file stems, and a few
site links between records. Field sizes follow what a written record holds (a summary of one or two
sentences, three to five steps, two to four phrases, ...), so a generated page weighs about what a
real one does. Deterministic for a given (n, seed).

    python benchmarks/corpus.py 1000 /tmp/atlas-1000     # write a corpus and print its counts
"""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

FOLDERS = ("ruptures", "markers", "interventions", "concepts", "examples", "references")
KIND = {
    "ruptures": "rupture",
    "markers": "marker",
    "interventions": "intervention",
    "concepts": "concept",
    "examples": "example",
    "references": "reference",
}
# Share of each kind, after a small real Atlas: references are the largest group, then markers and
# interventions; rupture types stay few.
SHARES = {"ruptures": 0.03, "markers": 0.22, "interventions": 0.20, "concepts": 0.08, "examples": 0.17}
MINIMUM = {"ruptures": 2, "markers": 1, "interventions": 8, "concepts": 1, "examples": 1, "references": 2}
# Concepts with a guide_question: the decision guide offers each of them at every marker and setting
# (a page per marker x setting x concept), so their number multiplies the guide's pages. A real
# Atlas has a handful (cultural humility, missed cultural opportunities, microaggressions); it does
# not grow with the number of records, so neither does it here.
GUIDE_CONCEPTS = 3
# The vocabulary's one home is the common schema (the benchmarks import nothing from macros/).
_COMMON = json.loads((Path(__file__).resolve().parent.parent / "content/schemas/common.schema.json").read_text("utf-8"))
SETTINGS = tuple(_COMMON["$defs"]["setting"]["enum"])
GROUP_SETTINGS = tuple(s for s in SETTINGS if s != "individual")
_LOOK_ALIKES = ("Low mood", "Social anxiety", "A second language", "A quiet temperament", "Tiredness")
STAGES = tuple(_COMMON["$defs"]["stage"]["enum"])
REVIEWED = "2026-11-22"

_SUBJECTS = [
    "The client",
    "The therapist",
    "A group member",
    "The leader",
    "The whole group",
    "The patient",
    "Another member",
    "The co-therapist",
    "The trainee",
    "The supervisor",
]
_VERBS = [
    "withdraws from",
    "pushes back against",
    "questions",
    "goes quiet about",
    "agrees too quickly with",
    "changes the subject away from",
    "laughs off",
    "complains about",
    "asks again about",
    "turns away from",
]
_OBJECTS = [
    "the task",
    "the goal of the session",
    "the last comment",
    "the homework",
    "the therapist's question",
    "the group's decision",
    "a remark about culture",
    "the plan for next week",
    "the silence",
    "the feedback they were given",
    "the way the session started",
    "a member's story",
]
_TAILS = [
    "after a comment that missed the mark",
    "when the topic touches on identity",
    "once the group moves on too fast",
    "while the leader is speaking",
    "late in the session",
    "in the first minutes of the meeting",
    "after a long pause",
    "when asked to go deeper",
    "as soon as the homework comes up",
    "without saying why",
]
_CLAIMS = [
    "Rupture repair is associated with better outcomes",
    "Acknowledging one's part lowers defensiveness",
    "Clients rarely voice negative feelings unless invited",
    "Unrepaired ruptures predict dropout",
    "Metacommunication helps both people step back from the interaction",
    "Cultural humility is linked to a stronger working alliance",
    "Group cohesion depends on how conflicts between members are handled",
    "Validating the client's experience comes before exploring it",
    "Missed cultural opportunities weaken the alliance",
    "Feedback-informed care lowers deterioration",
]
_STEPS = [
    "Notice the shift and slow down",
    "Name what you saw, tentatively",
    "Own your part without over-explaining",
    "Invite the client to say more about the moment",
    "Check whether the task still fits the goal",
    "Give the rationale for the task in plain words",
    "Offer a choice about how to go on",
    "Ask the group how the moment landed",
    "Link the moment to a pattern only once it is safe",
    "Return to the task when the client is ready",
]
_PHRASES = [
    "I think I pushed too fast just now.",
    "Something changed a moment ago; can we look at it together?",
    "It sounds like what I said didn't fit for you.",
    "I'd like to hear what that was like for you.",
    "Would it help if I said why I suggested this?",
    "We can choose a different way into this.",
    "I may have missed something important about your background.",
    "Can we pause and check in as a group about what just happened?",
    "You have every right to disagree with me.",
    "Let's make sure we're working on what matters to you.",
]
_SURNAMES = [
    "safran",
    "muran",
    "eubanks",
    "hook",
    "owen",
    "sue",
    "flueckiger",
    "yalom",
    "burlingame",
    "horvath",
    "norcross",
    "hays",
    "davis",
    "tao",
    "soto",
    "hall",
    "lococo",
    "gersh",
    "zhang",
    "williams",
]
_INITIALS = ["A.", "B. C.", "J. D.", "M.", "K. L.", "R.", "S. T.", "E.", "C. F.", "J. N."]
_JOURNALS = [
    "Psychotherapy",
    "Journal of Counseling Psychology",
    "Psychotherapy Research",
    "Group Dynamics: Theory, Research, and Practice",
    "International Journal of Group Psychotherapy",
    "Journal of Clinical Psychology",
    "Counselling Psychology Quarterly",
]
_TITLE_WORDS = [
    "alliance",
    "rupture",
    "repair",
    "culture",
    "humility",
    "group",
    "process",
    "outcome",
    "feedback",
    "therapist",
    "client",
    "microaggressions",
    "cohesion",
    "dropout",
    "training",
]
_NAME_WORDS = [
    "quiet",
    "sharp",
    "sudden",
    "polite",
    "guarded",
    "open",
    "shared",
    "silent",
    "hidden",
    "repeated",
    "shifting",
    "brief",
    "tense",
    "careful",
    "distant",
    "direct",
    "gentle",
    "missed",
    "joint",
    "steady",
]
_NAME_NOUNS = [
    "response",
    "pause",
    "question",
    "doubt",
    "complaint",
    "agreement",
    "story",
    "remark",
    "turn",
    "silence",
    "request",
    "challenge",
    "check-in",
    "pushback",
    "retreat",
    "opening",
    "moment",
    "shift",
]


def plan(n: int) -> dict[str, int]:
    """How many records of each kind a corpus of about n records has."""
    counts = {folder: max(MINIMUM[folder], round(n * share)) for folder, share in SHARES.items()}
    counts["references"] = max(MINIMUM["references"], n - sum(counts.values()))
    return counts


class _Corpus:
    def __init__(self, n: int, seed: int, guide_concepts: int):
        self.rng = random.Random(seed * 1_000_003 + n)
        self.guide_concepts = guide_concepts
        self.counts = plan(n)
        self.used: set[str] = set()
        self.ids = {folder: [self._new_id(folder, i) for i in range(count)] for folder, count in self.counts.items()}
        self.names = {rid: self._name(folder, rid) for folder, ids in self.ids.items() for rid in ids}
        # R306: every name and alias of a page kind leads to one record, compared as `spoken` does
        self.spoken = {spoken(self.names[rid]) for folder in PAGE_FOLDERS for rid in self.ids[folder]}
        refs = list(self.ids["references"])
        self.rng.shuffle(refs)
        self.uncited = refs  # cited first, so every reference ends up cited somewhere

    # -- ids and names ------------------------------------------------------------------------------
    def _new_id(self, folder: str, index: int) -> str:
        rng = self.rng
        if folder == "references":
            base = f"{rng.choice(_SURNAMES)}{rng.randint(1980, 2025)}"
            candidate, suffix = base, 0
            while candidate in self.used:  # citekeys get a, b, ... like real ones
                suffix += 1
                candidate = base + _letters(suffix)
        else:
            base = f"{rng.choice(_NAME_WORDS)}-{rng.choice(_NAME_NOUNS)}"
            candidate, suffix = base, 1
            while candidate in self.used:  # ids are unique across every folder
                suffix += 1
                candidate = f"{base}-{suffix}"
        self.used.add(candidate)
        return candidate

    def _name(self, folder: str, rid: str) -> str:
        if folder == "references":
            return rid
        words = rid.replace("-", " ")
        return words[0].upper() + words[1:]

    def alias(self, draw) -> str:
        """A new alias from draw(), unique against every name and alias so far (R306). A few draws
        first, as a real Atlas has; past that, the last draw gets a number."""
        candidate = draw()
        for _ in range(20):
            if spoken(candidate) not in self.spoken:
                break
            candidate = draw()
        base, number = candidate, 1
        while spoken(candidate) in self.spoken:
            number += 1
            candidate = f"{base} {number}"
        self.spoken.add(spoken(candidate))
        return candidate

    def code(self) -> str:
        """A strategy code such as A1a (the 3RS manual's): letter, number, letter."""
        rng = self.rng
        return f"{rng.choice('ABCDEFGH')}{rng.randint(1, 19)}{rng.choice('abcdef')}"

    def phrase(self) -> str:
        """An older name for a rupture type: a short sentence without its tail."""
        rng = self.rng
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"

    # -- text -----------------------------------------------------------------------------------------
    def cite(self) -> str:
        rng = self.rng
        keys = [
            self.uncited.pop() if self.uncited else rng.choice(self.ids["references"])
            for _ in range(1 if rng.random() < 0.7 else 2)
        ]
        keys = list(dict.fromkeys(keys))
        if rng.random() < 0.15:
            return f"[@{keys[0]}, p. {rng.randint(2, 400)}]"
        return "[" + "; ".join(f"@{key}" for key in keys) + "]"

    def sentence(self) -> str:
        rng = self.rng
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}."

    def text(self, sentences: int = 1) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def claim(self, sentences: int = 1) -> str:
        rng = self.rng
        extra = (" " + self.text(sentences - 1)) if sentences > 1 else ""
        return f"{rng.choice(_CLAIMS)} {self.cite()}.{extra}"

    def site_link(self, folder: str) -> str:
        rid = self.rng.choice(self.ids[folder])
        return f"See [{self.names[rid]}](/{folder}/{rid}/)."

    def texts(self, low: int, high: int) -> list[str]:
        return [self.text(self.rng.randint(1, 2)) for _ in range(self.rng.randint(low, high))]

    def claims(self, low: int, high: int) -> list[str]:
        return [self.claim(self.rng.randint(1, 2)) for _ in range(self.rng.randint(low, high))]

    def evidence(self) -> dict:
        rng = self.rng
        return {
            "level": rng.choice(["meta-analysis", "empirical", "case-study", "expert"]),
            "facts": "primary" if rng.random() < 0.8 else "secondary",
            "note": self.claim(2),
        }

    def signs(self) -> dict:
        return {
            "individual": self.texts(2, 4),
            "group": self.texts(2, 3),
            "co-leaders": self.texts(1, 2),
            "group-leader": self.texts(1, 2),
        }

    def resolution_fields(self) -> dict:
        """How big it is, signs it is resolving, and what to do if it does not (markers, rupture types)."""
        return {
            "intensity": {"slight": self.text(1), "major": self.text(1)},
            "resolving": self.text(1),
            "not_resolving": self.text(1),
        }

    def some(self, folder: str, low: int, high: int, exclude: str = "") -> list[str]:
        pool = [rid for rid in self.ids[folder] if rid != exclude] if len(self.ids[folder]) < 50 else self.ids[folder]
        if not pool:  # a tiny corpus: one concept has no other to relate to
            return []
        picked = list(dict.fromkeys(self.rng.choice(pool) for _ in range(self.rng.randint(low, high))))
        return [rid for rid in picked if rid != exclude]

    # -- records ---------------------------------------------------------------------------------------
    def build(self) -> dict[str, dict[str, dict]]:
        rng = self.rng
        records: dict[str, dict[str, dict]] = {folder: {} for folder in FOLDERS}
        interventions = records["interventions"]
        # interventions first: markers and concepts need to know their purpose, stage and settings
        for index, rid in enumerate(self.ids["interventions"]):
            repair = index < 6 or rng.random() < 0.75  # a few of each stage always exist
            data = {"id": rid, "name": self.names[rid]}
            if rng.random() < 0.3:  # codes such as A1a live in in_literature, never in names (S212)
                data["in_literature"] = f"In the 3RS manual: {self.code()}."
            data["purpose"] = "repair" if repair else "alliance-building"
            if repair:
                data["stage"] = STAGES[index % 3] if index < 6 else rng.choice(STAGES)
                data["approach"] = rng.choice(["direct", "indirect"])
            data["targets"] = sorted(set(rng.sample(["task", "goal", "bond"], rng.randint(1, 2))))
            everywhere = index < 6 or rng.random() < 0.8
            data["settings"] = (
                list(SETTINGS) if everywhere else sorted(rng.sample(SETTINGS, rng.randint(1, 3)), key=SETTINGS.index)
            )
            data["summary"] = self.claim(2)
            data["when"] = self.text(2)
            data["steps"] = [rng.choice(_STEPS) + ". " + self.text(1) for _ in range(rng.randint(3, 5))]
            data["phrases"] = rng.sample(_PHRASES, rng.randint(2, 4))
            data["avoid"] = self.claims(2, 3)
            if rng.random() < 0.6:
                data["in_groups"] = self.text(2)
            if rng.random() < 0.5:
                data["culture"] = self.text(1) + " " + self.site_link("concepts")
            related = self.some("interventions", 0, 3, exclude=rid)
            if related:
                data["related"] = related
            concepts = self.some("concepts", 0, 2)
            if concepts:
                data["concepts"] = concepts
            data["evidence"] = self.evidence()
            data["reviewed"] = REVIEWED
            interventions[rid] = data

        repairs_everywhere = [
            rid for rid, d in interventions.items() if d["purpose"] == "repair" and len(d["settings"]) == len(SETTINGS)
        ]
        repairs_any = [rid for rid, d in interventions.items() if d["purpose"] == "repair"]

        def repairs(low: int, high: int, reach_all: bool) -> list[dict]:
            chosen = rng.sample(repairs_everywhere, 2) if reach_all else []
            reaching = set(chosen)  # these two keep every setting: G501 wants two repairs in each
            while len(chosen) < rng.randint(low, high):
                candidate = rng.choice(repairs_any)
                if candidate not in chosen:
                    chosen.append(candidate)
            chosen.sort(key=lambda rid: STAGES.index(interventions[rid]["stage"]))  # G502: stage order
            entries = []
            for rid in chosen:
                entry = {"intervention": rid, "why": self.claim(1)}
                allowed = interventions[rid]["settings"]
                if rid not in reaching and len(allowed) > 1 and rng.random() < 0.2:
                    entry["settings"] = allowed[: rng.randint(1, len(allowed) - 1)]
                # words for every setting it applies in (rule G505 asks them of the first three)
                entry["say"] = {setting: self.text(1) for setting in entry.get("settings", allowed)}
                entries.append(entry)
            return entries

        for index, rid in enumerate(self.ids["ruptures"]):
            records["ruptures"][rid] = {
                "id": rid,
                "name": self.names[rid],
                "aliases": [self.alias(self.phrase)],
                "movement": "away" if index % 2 == 0 else "against",
                "summary": self.claim(2),
                "signs": self.signs(),
                "in_groups": {setting: self.text(1) for setting in GROUP_SETTINGS},
                "unrepaired": self.claim(2),
                "resolution": self.claim(2),
                **self.resolution_fields(),
                "evidence": self.evidence(),
                "reviewed": REVIEWED,
            }
        for rid in self.ids["markers"]:
            data = {"id": rid, "name": self.names[rid], "rupture": rng.choice(self.ids["ruptures"])}
            if rng.random() < 0.7:
                data["family"] = rng.choice(
                    [
                        "Shutting down",
                        "Avoidant storytelling",
                        "Complaints about the task",
                        "Complaints about the therapist",
                        "Abstract talk",
                        "Compliance",
                    ]
                )
            data["summary"] = self.claim(2)
            data["signs"] = self.signs()
            data["utterance"] = rng.choice(_PHRASES)
            if rng.random() < 0.6:
                data["not_a_marker"] = self.text(1) + " " + self.site_link("markers")
            data["repairs"] = repairs(3, 5, reach_all=True)
            data["avoid"] = self.claims(1, 3)
            data.update(self.resolution_fields())
            data["look_alikes"] = [{"name": rng.choice(_LOOK_ALIKES), "tell": self.text(1)} for _ in range(rng.randint(1, 2))]
            data["evidence"] = self.evidence()
            data["reviewed"] = REVIEWED
            records["markers"][rid] = data
        # G504: every repair must be suggested somewhere; give the unused ones to markers
        suggested = {e["intervention"] for m in records["markers"].values() for e in m["repairs"]}
        markers = list(records["markers"].values())
        for rid in repairs_any:
            if rid not in suggested:
                marker = rng.choice(markers)
                said = {setting: self.text(1) for setting in interventions[rid]["settings"]}
                marker["repairs"].append({"intervention": rid, "why": self.claim(1), "say": said})
                marker["repairs"].sort(key=lambda e: STAGES.index(interventions[e["intervention"]]["stage"]))
        guide_concepts: list[str] = []
        for rid in self.ids["concepts"]:
            data = {"id": rid, "name": self.names[rid], "summary": self.claim(2), "in_practice": self.texts(2, 4)}
            if rng.random() < 0.5:
                data["in_groups"] = self.text(2)
            if len(guide_concepts) < self.guide_concepts:
                guide_concepts.append(rid)
                data["guide_question"] = self.text(1)
                data["repairs"] = repairs(1, 2, reach_all=False)
            if rng.random() < 0.5:
                data["avoid"] = self.claims(1, 2)
            related = self.some("concepts", 0, 2, exclude=rid)
            if related:
                data["related"] = related
            data["evidence"] = self.evidence()
            data["reviewed"] = REVIEWED
            records["concepts"][rid] = data
        for rid in self.ids["examples"]:
            data = {"id": rid, "name": self.names[rid], "fictional": True}
            if rng.random() < 0.3:
                data["source"] = self.claim(1)
            data.update(
                {
                    "setting": rng.choice(SETTINGS),
                    "format": rng.choice(["in-person", "online"]),
                    "stage_of_treatment": rng.choice(["early", "middle", "late"]),
                    "rupture": rng.choice(self.ids["ruptures"]),
                    "markers": self.some("markers", 1, 2),
                    "interventions": self.some("interventions", 2, 3),
                }
            )
            concepts = self.some("concepts", 0, 2)
            if concepts:
                data["concepts"] = concepts
            data["story"] = [self.text(rng.randint(3, 4)) for _ in range(rng.randint(2, 3))]
            data["repair"] = [self.text(rng.randint(2, 3)) for _ in range(rng.randint(1, 2))]
            data["discussion"] = [self.text(1).rstrip(".") + "?" for _ in range(rng.randint(2, 3))]
            data["reviewed"] = REVIEWED
            records["examples"][rid] = data
        # every reference must be cited: spend the rest on the last records' evidence notes
        leftovers = [records[f][r] for f in ("markers", "interventions", "ruptures") for r in records[f]]
        while self.uncited:
            target = leftovers[len(self.uncited) % len(leftovers)]
            target["evidence"]["note"] += f" Also {self.claim(1)}"
        for rid in self.ids["references"]:
            surname = rid.rstrip("abcdefghijklmnopqrstuvwxyz") or rid
            surname = "".join(ch for ch in surname if not ch.isdigit()).capitalize()
            data = {
                "id": rid,
                "type": rng.choice(["article", "article", "article", "book", "chapter"]),
                "authors": [f"{surname}, {rng.choice(_INITIALS)}"]
                + [f"{rng.choice(_SURNAMES).capitalize()}, {rng.choice(_INITIALS)}" for _ in range(rng.randint(0, 4))],
                "year": int("".join(ch for ch in rid if ch.isdigit())[:4]),
                "title": " ".join(rng.choice(_TITLE_WORDS) for _ in range(rng.randint(5, 7))).capitalize(),
                "container": rng.choice(_JOURNALS),
                "volume": rng.randint(1, 70),
                "issue": rng.randint(1, 6),
            }
            first = rng.randint(1, 600)
            data["pages"] = f"{first}–{first + rng.randint(5, 30)}"
            data["doi"] = f"10.{rng.randint(1000, 9999)}/{rid}.{rng.randint(100, 999)}"
            first_hand = rng.random() < 0.8
            data["checked"] = {"against": "doi-record" if first_hand else "reference-list", "date": REVIEWED}
            if not first_hand:
                data["note"] = self.text(2)
            data["reviewed"] = REVIEWED
            records["references"][rid] = data
        return records


PAGE_FOLDERS = FOLDERS[:-1]  # references have no page, so no name to search for


def spoken(name: str) -> str:
    """A name as the checker compares names (R306): compatibility forms folded, case, punctuation,
    spacing and invisible characters ignored. A copy of the checker's rule, so that the benchmarks
    import nothing from macros/; tests/test_benchmarks.py runs the checker on generated corpora."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(re.findall(r"[^\W_]+", folded))


def _letters(number: int) -> str:
    out = ""
    while number:
        number, rest = divmod(number - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


# Text that reads back as the same string when written without quotes: starts with a letter, no
# ": " or " #", no quote marks; the YAML 1.1 words for booleans and null are quoted.
_PLAIN = re.compile(r"[A-Za-z](?:[^:#\"'\n]|:(?! )|(?<! )#)*[^:\s]")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if value == REVIEWED:
        return value  # a plain YAML date, as contributors write it
    if _PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS:
        return value  # plain, as people write YAML (the loader then has to resolve its type)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar


def _emit(value, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            _emit(item, indent + 2, lines)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            lines.append(f"{pad}{key}:")
            for entry in item:
                first = True
                for sub_key, sub_value in entry.items():
                    prefix = f"{pad}  - " if first else f"{pad}    "
                    if isinstance(sub_value, list):
                        lines.append(f"{prefix}{sub_key}: [{', '.join(_scalar(v) for v in sub_value)}]")
                    elif isinstance(sub_value, dict):
                        lines.append(f"{prefix}{sub_key}:")
                        lines.extend(f"{pad}      {k}: {_scalar(v)}" for k, v in sub_value.items())
                    else:
                        lines.append(f"{prefix}{sub_key}: {_scalar(sub_value)}")
                    first = False
        elif isinstance(item, list):
            lines.append(f"{pad}{key}:")
            lines.extend(f"{pad}  - {_scalar(v)}" for v in item)
        else:
            lines.append(f"{pad}{key}: {_scalar(item)}")


def to_yaml(kind: str, data: dict) -> str:
    lines = [f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"]
    _emit(data, 0, lines)
    return "\n".join(lines) + "\n"


def generate(n: int, out_dir: Path, seed: int = 8, guide_concepts: int = GUIDE_CONCEPTS) -> dict[str, int]:
    """Write a corpus of about n records into out_dir; return the count per folder."""
    out_dir = Path(out_dir)
    records = _Corpus(n, seed, guide_concepts).build()
    for folder, items in records.items():
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
        for rid, data in items.items():
            (out_dir / folder / f"{rid}.yaml").write_text(to_yaml(KIND[folder], data), "utf-8")
    return {folder: len(items) for folder, items in records.items()}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python benchmarks/corpus.py N OUT_DIR")
    counts = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps(counts), sum(counts.values()), "records")
