"""Train the attachment model from the gold sets: `claims train` (or `make train`).

The gold sets live outside the package (../shared: the seeds with eval/seeds-gold.jsonl, and
eval/dev with its texts and gold.jsonl); this module reads them, runs the pipeline with the rules
alone, turns every (figure, candidate) pair into a row of features (ranker.py), labels a
candidate positive when the scorer would accept it as the subject of a gold claim the figure
matches by kind and value, and fits a logistic regression (scikit-learn, the `train` extra). The
weights go to a small JSON file; the pipeline reads it and never trains.

Deterministic: documents in name order, features in name order, the lbfgs solver, weights
rounded to 6 decimals, so the same gold files give the same bytes. No network.
"""
from __future__ import annotations

import copy
import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from .errors import ExtractError
from .pipeline import build_pipeline

GROUPS = ("seeds", "spec", "biz", "china", "ai")
# inverse regularisation strength of the logistic regression, chosen by the leave-one-group-out
# strict F1 (0.3: 0.777, 0.5: 0.780, 0.7: 0.781, 1: 0.779; with the grammar cues)
C = 0.7
THRESHOLD = 0.02   # below this share of the probability the best candidate is not trusted
# below this lead (log-odds) of the best prose candidate over a different product, no subject.
# Off: on the gold sets (leave-one-group-out, with the grammar cues) margins of 0.1, 0.25, 0.5
# and 1.0 cost 0.005, 0.015, 0.020 and 0.039 strict F1 (0.780 without) while the share of the
# subjects given that are right only rises from 0.812 to 0.812, 0.815, 0.819 and 0.827; raise it
# for a beat that prefers no subject to a doubtful one
MARGIN = 0.0


@dataclass
class Document:
    name: str
    group: str
    text: str
    golds: list


def group_of(name: str) -> str:
    for g in GROUPS[1:]:
        if name.startswith(g) and name[len(g):len(g) + 1].isdigit():
            return g
    return "seeds"


def load_scorer(shared: Path):
    """The gold set's own scorer (eval/score_claims.py): what counts as the same value and the
    same subject is its definition, not ours."""
    path = shared / "eval" / "score_claims.py"
    spec = importlib.util.spec_from_file_location("score_claims", path)
    if spec is None or not path.exists():
        raise ExtractError(f"no scorer at {path}: pass --shared DIR (the folder with eval/)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_documents(shared: Path) -> list[Document]:
    """The seeds and the dev set, with their gold claims, in name order."""
    sets = [(shared / "seeds", shared / "eval" / "seeds-gold.jsonl"),
            (shared / "eval" / "dev" / "texts", shared / "eval" / "dev" / "gold.jsonl")]
    docs = []
    for folder, gold_path in sets:
        if not gold_path.exists():
            raise ExtractError(f"no gold set at {gold_path}: pass --shared DIR")
        golds: dict[str, list] = {}
        for line in gold_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                g = json.loads(line)
                golds.setdefault(g["doc"], []).append(g)
        for path in sorted(folder.glob("*.txt")):
            docs.append(Document(path.name, group_of(path.name),
                                 path.read_text(encoding="utf-8"), golds.get(path.name, [])))
    return docs


def read_documents(docs: list[Document], pack: str = "ai_chips") -> list[tuple]:
    """Run the pipeline with the rules alone: (doc, rule claims, ranking) per document."""
    from .pipeline import _chunks, _run
    nlp = build_pipeline(pack, "none", keep_ranking=True)
    out = []
    for d in docs:
        claims, ranking = [], []
        for offset, parsed in ((o, _run(nlp, c)) for o, c in _chunks(d.text)):
            for c in parsed._.claims:
                c = dict(c, doc=d.name, start=c["start"] + offset, end=c["end"] + offset)
                claims.append(c)
            ranking += parsed._.ranking or []
        out.append((d, claims, ranking))
    return out


def labelled_rows(read: list[tuple], scorer) -> list[tuple[str, list[dict], list[int]]]:
    """(group, feature dicts, labels) per figure that matches a gold claim by kind and value."""
    rows = []
    for d, claims, ranking in read:
        for claim, (fig, cands, feats) in zip(claims, ranking):
            golds = [g for g in d.golds if g["kind"] == claim["kind"]
                     and scorer.same_value(claim, g, 0.02)]
            if not golds or not cands:
                continue
            labels = [int(any(scorer.same_subject({"subject": c.canonical,
                                                   "subject_text": c.written or c.text}, g)
                              for g in golds))
                      for c in cands]
            rows.append((d.group, feats, labels))
    return rows


def fit(rows: list[tuple]) -> dict:
    """A pairwise ranker: a logistic regression on the difference between the features of a
    right and a wrong candidate of the same figure (both orders), as the JSON the pipeline
    reads. Figures with no right candidate, or no wrong one, teach nothing about ranking."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise ExtractError("training needs scikit-learn: pip install -e '.[train]'") from None
    names = sorted({k for _, feats, _ in rows for f in feats for k in f})
    X, y, weight = [], [], []
    for _, feats, labels in rows:
        vectors = [[f.get(k, 0.0) for k in names] for f in feats]
        right = [v for v, label in zip(vectors, labels) if label]
        wrong = [v for v, label in zip(vectors, labels) if not label]
        for r in right:
            for w in wrong:  # each figure weighs one, however many candidates it has
                diff = [a - b for a, b in zip(r, w)]
                X += [diff, [-x for x in diff]]
                y += [1, 0]
                weight += [1.0 / (len(right) * len(wrong))] * 2
    if not X:
        raise ExtractError("training needs figures with both right and wrong candidates")
    lr = LogisticRegression(C=C, max_iter=5000, solver="lbfgs", fit_intercept=False)
    lr.fit(X, y, sample_weight=weight)
    weights = {k: round(float(w), 6) for k, w in zip(names, lr.coef_[0])}
    model = {"weights": weights, "threshold": THRESHOLD, "margin": MARGIN, "pairs": len(y) // 2,
             "figures": len(rows)}
    model["version"] = hashlib.sha256(json.dumps(
        [weights, THRESHOLD, MARGIN], sort_keys=True).encode()).hexdigest()[:10]
    return model


def dump(model: dict) -> str:
    return json.dumps(model, indent=1, sort_keys=True) + "\n"


def train(shared: Path, out: Path, pack: str = "ai_chips",
          exclude: tuple[str, ...] = ()) -> dict:
    """Train on every gold document (but those of the `exclude` groups) and write the model."""
    scorer = load_scorer(shared)
    docs = [d for d in load_documents(shared) if d.group not in exclude]
    model = fit(labelled_rows(read_documents(docs, pack), scorer))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(model), encoding="utf-8")
    return model


def default_model_path() -> Path:
    return Path(__file__).resolve().parent / "model" / "attach.json"


COLUMNS = (*GROUPS, "dev", "all")


def predictions(read: list[tuple], model, entities: dict) -> list[dict]:
    """The claims of the read documents, with each subject chosen by `model` (None: the
    rules' own choice)."""
    from .ranker import headline_echoes, joint_claims, rerank
    out = []
    for d, claims, ranking in read:
        claims = copy.deepcopy(claims)
        if model is not None:
            rerank(claims, ranking, model, entities)
            claims += joint_claims(d.text, claims, ranking)
            headline_echoes(d.text, claims)
        out += claims
    return out


def scores(scorer, read: list[tuple], preds: list[dict]) -> dict:
    """{column: the scorer's {"strict": ..., "quantity": ...}} per group, for the four dev
    groups together ("dev") and for every document ("all")."""
    out = {}
    for column in COLUMNS:
        docs = {d.name for d, _, _ in read if column == "all" or column == d.group or
                (column == "dev" and d.group != "seeds")}
        gold = [g for d, _, _ in read if d.name in docs for g in d.golds]
        if gold:
            out[column] = scorer.score(gold, [p for p in preds if p["doc"] in docs])
    return out


def evaluate(shared: Path, pack: str = "ai_chips", shipped: bool = False) -> dict:
    """The rules alone, the model trained on everything (in-sample) and leave-one-group-out
    (trained without a group, scored on it): {setting: scores(...)}."""
    from .pack import load_pack
    from .ranker import Model, load_model
    scorer = load_scorer(shared)
    read = read_documents(load_documents(shared), pack)
    entities = {e.name: e for e in load_pack(pack).entities}
    rows = labelled_rows(read, scorer)
    table = {"rules": scores(scorer, read, predictions(read, None, entities)),
             "in-sample": scores(scorer, read, predictions(read, Model.from_dict(fit(rows)),
                                                          entities))}
    if shipped:
        table["shipped"] = scores(scorer, read, predictions(read, load_model(), entities))
    held_out = []
    for group in GROUPS:
        model = Model.from_dict(fit([r for r in rows if r[0] != group]))
        held_out += predictions([x for x in read if x[0].group == group], model, entities)
    table["leave-one-group-out"] = scores(scorer, read, held_out)
    return table
