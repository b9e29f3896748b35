"""Accuracy and speed of the claim extractor on a folder of annotated news excerpts.

usage: python benchmarks/extraction/run_dev.py NEWS_FOLDER [--repeat N] [--out claims.jsonl]
                                              [--cli-copies N]

NEWS_FOLDER holds NNN.txt excerpts (line 1 URL, line 2 "outlet | date | lang", then the
text) and gold.jsonl, as shared/data/news-dev does. The corpus is read from the path given;
nothing of it is copied into the repository. The script builds the documents as
shared/tools/news_to_jsonl.py does (that script is run as a subprocess when it sits next to
the folder's parent, so both readings agree), extracts claims, scores them with
shared/tools/eval_claims.py, and times extraction in CPU seconds (time.process_time),
one document after another on one core, N passes over the corpus. With --cli-copies N it
also times `refwatch extract --batch` end to end (start-up included, wall clock, pinned to
one core where the system allows) on the documents repeated N times under distinct ids.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from refwatch.analysis.extraction import extract_claims


def load_documents(folder: Path, tools: Path) -> list[dict[str, object]]:
    script = tools / "news_to_jsonl.py"
    output = subprocess.run([sys.executable, str(script), str(folder)], check=True,
                            capture_output=True, text=True).stdout
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--tools", type=Path, default=None,
                        help="folder of news_to_jsonl.py and eval_claims.py (default: FOLDER/../../tools)")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path, default=Path("claims.dev.jsonl"))
    parser.add_argument("--cli-copies", type=int, default=0,
                        help="also time `refwatch extract --batch` on the documents repeated this often")
    args = parser.parse_args()
    tools = args.tools or args.folder.resolve().parents[1] / "tools"
    documents = load_documents(args.folder, tools)

    with args.out.open("w", encoding="utf-8") as handle:
        for document in documents:
            for claim in extract_claims(str(document["text"]), published=document.get("published"),  # type: ignore[arg-type]
                                        lang=document.get("lang"), doc_id=str(document["id"]),  # type: ignore[arg-type]
                                        url=document.get("url")):  # type: ignore[arg-type]
                handle.write(json.dumps(claim.to_dict(), ensure_ascii=False) + "\n")
    scores = subprocess.run([sys.executable, str(tools / "eval_claims.py"), str(args.out),
                             str(args.folder / "gold.jsonl"), "--json"],
                            check=True, capture_output=True, text=True).stdout
    result = json.loads(scores[: scores.rindex("}") + 1])
    for lang in ("en", "ko", "all"):
        row = result[lang]
        fields = row["fields"]
        print(f"{lang}: gold {row['gold']} predicted {row['predicted']} matched {row['matched']} "
              f"detection P {row['detection']['precision']:.3f} R {row['detection']['recall']:.3f} "
              f"F1 {row['detection']['f1']:.3f} strict F1 {row['strict_f1']:.3f} "
              f"hedging {fields['hedging']:.3f} attributed_to {fields['attributed_to']:.3f} "
              f"place {fields['place']:.3f} perpetrator {fields['perpetrator']:.3f}")

    # Each round is one pass over the corpus; the best round is the code's cost with the least
    # interference from other processes, the mean what a busy machine gives.
    rounds: list[float] = []
    for _ in range(args.repeat):
        start = time.process_time()
        for document in documents:
            extract_claims(str(document["text"]), published=document.get("published"),  # type: ignore[arg-type]
                           lang=document.get("lang"), doc_id=str(document["id"]))  # type: ignore[arg-type]
        rounds.append(time.process_time() - start)
    n = len(documents)
    best, mean = min(rounds), sum(rounds) / len(rounds)
    chars = sum(len(str(d["text"])) for d in documents) / len(documents)
    # How fast this machine runs plain Python right now, to compare runs on loaded machines.
    probe_start = time.process_time()
    total = 0
    for i in range(2_000_000):
        total += i
    probe = (time.process_time() - probe_start) / 2_000_000 * 1e9
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"speed: {len(rounds)} rounds of {n} documents (mean {chars:.0f} characters), one core: "
          f"best round {n / best:.0f} docs/s, mean {n / mean:.0f} docs/s; "
          f"python loop probe {probe:.0f} ns/iteration; load average {load:.1f}")
    if args.cli_copies:
        time_cli(documents, args.cli_copies)


def time_cli(documents: list[dict[str, object]], copies: int) -> None:
    """Wall time of the batch command, process start-up included, on one core."""
    def one_core() -> None:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    with tempfile.TemporaryDirectory() as tmp:
        batch, out = Path(tmp) / "documents.jsonl", Path(tmp) / "claims.jsonl"
        with batch.open("w", encoding="utf-8") as handle:
            for copy in range(copies):
                for document in documents:
                    handle.write(json.dumps({**document, "id": f"{document['id']}-{copy}"}, ensure_ascii=False) + "\n")
        cpu_before = _children_cpu()
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "refwatch", "extract", "--batch", str(batch), "--out", str(out)],
                       check=True, capture_output=True, preexec_fn=one_core)
        wall = time.perf_counter() - start
        cpu = _children_cpu() - cpu_before
        claims = sum(1 for _ in out.open(encoding="utf-8"))
    n = copies * len(documents)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cli: refwatch extract --batch on {n} documents ({claims} claims), start-up included, one core: "
          f"{wall:.2f} s wall ({n / wall:.0f} docs/s), {cpu:.2f} CPU s ({n / cpu:.0f} docs/s); "
          f"load average {load:.1f}")


def _children_cpu() -> float:
    """CPU seconds used so far by finished child processes (user + system)."""
    try:
        import resource
    except ImportError:  # not on Windows: report nan
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
