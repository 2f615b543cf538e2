"""Is the extractor's output unchanged? For speed work, where every claim must stay byte for byte
what it was: writes what `claims extract` prints (claims; --quantities without and with the
pack) for every seed and dev text into a folder, or compares a folder written before with what
the extractor prints now, and says which outputs differ and where.

usage: python bench/same_output.py write DIR [--shared ../shared]
       python bench/same_output.py check DIR [--shared ../shared]   (exit 1 when one differs)
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLAIMS = Path(sys.executable).with_name("claims")
MODES = {"claims.jsonl": [], "quantities.jsonl": ["--quantities"],
         "quantities_pack.jsonl": ["--quantities", "--pack", "ai_chips"]}


def outputs(shared: Path) -> dict[str, bytes]:
    texts = sorted((shared / "seeds").glob("*.txt")) + \
        sorted((shared / "eval" / "dev" / "texts").glob("*.txt"))
    if not texts:
        sys.exit(f"no seed or dev texts under {shared}")
    return {name: subprocess.run([str(CLAIMS), "extract", *flags, *map(str, texts)],
                                 check=True, capture_output=True).stdout
            for name, flags in MODES.items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["write", "check"])
    ap.add_argument("dir")
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    args = ap.parse_args()
    folder = Path(args.dir)
    now = outputs(Path(args.shared))
    if args.action == "write":
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in now.items():
            (folder / name).write_bytes(data)
            print(f"{folder / name}: {len(data.splitlines()):,} lines")
        return 0
    differ = 0
    for name, data in now.items():
        before = (folder / name).read_bytes().splitlines()
        lines = data.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(before, lines)) if a != b),
                     None if len(before) == len(lines) else min(len(before), len(lines)))
        if first is None:
            print(f"{name}: same ({len(lines):,} lines)")
        else:
            differ += 1
            print(f"{name}: DIFFERS from line {first + 1} ({len(before):,} lines before, "
                  f"{len(lines):,} now)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
