"""What a run found: figures beside their baselines, latency distributions, and the files
they are written to (`results.json`, `results.md`, `latency.png`)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Figure:
    benchmark: str
    name: str
    value: float
    unit: str
    baseline_name: str
    baseline: float
    higher_is_better: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        """ours / baseline; for a time (lower is better) above 1 means slower than the floor."""
        return self.value / self.baseline if self.baseline else math.nan


@dataclass
class Distribution:
    """Latency percentiles of one load, for the chart."""

    benchmark: str
    label: str  # e.g. "app @ 100/s"
    mode: str  # "rate" or "saturation"
    percentiles_ms: dict[str, float]


@dataclass
class Results:
    meta: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    distributions: list[Distribution] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, *figures: Figure) -> None:
        self.figures.extend(figures)
        for figure in figures:
            print(
                f"  {figure.benchmark} · {figure.name}: {_fmt(figure.value)} {figure.unit} "
                f"vs {figure.baseline_name} {_fmt(figure.baseline)} → ×{figure.ratio:.2f}",
                flush=True,
            )

    def note(self, benchmark: str, text: str) -> None:
        self.notes.setdefault(benchmark, []).append(text)
        print(f"  {benchmark}: {text}", flush=True)

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "figures": [
                {**asdict(f), "baseline": _round(f.baseline), "ratio": _round(f.ratio)}
                for f in self.figures
            ],
            "distributions": [asdict(d) for d in self.distributions],
            "notes": self.notes,
        }


def load_json(path: Path) -> Results:
    data = json.loads(path.read_text())
    figures = [
        Figure(**{k: v for k, v in f.items() if k != "ratio"} | {"baseline": f["baseline"]})
        for f in data["figures"]
    ]
    for f in figures:
        f.baseline = math.nan if f.baseline is None else f.baseline
    return Results(
        meta=data["meta"],
        figures=figures,
        distributions=[Distribution(**d) for d in data["distributions"]],
        notes=data["notes"],
    )


def _round(x: float) -> float | None:
    return None if math.isnan(x) else round(x, 4)


def _fmt(x: float) -> str:
    if math.isnan(x):
        return "—"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"


def write_json(results: Results, path: Path) -> None:
    path.write_text(json.dumps(results.to_json(), indent=2, ensure_ascii=False) + "\n")


def write_markdown(results: Results, path: Path, closing: str = "") -> None:
    meta = results.meta
    lines = [
        "# Benchmark results",
        "",
        f"Produced by `{meta.get('command', 'python -m bench')}` on {meta.get('finished', '?')} "
        f"in {meta.get('wall_seconds', 0):.0f} s. Absolute numbers are this machine's; the "
        "ratios are the point.",
        "",
        f"- machine: {meta.get('machine', '?')}",
        f"- load before the run: `{meta.get('uptime_before', '?')}`",
        f"- load after the run: `{meta.get('uptime_after', '?')}`",
        f"- sizes: {meta.get('sizes', '')}",
        "",
        "Ratio = ours ÷ baseline. For rates (↑) the baseline is the better side, so the ratio "
        "says which share of it we reach; for times (↓) it says how many times longer we take.",
        "",
        "| benchmark | figure | ours | baseline | baseline value | ratio |",
        "|---|---|---:|---|---:|---:|",
    ]
    for f in results.figures:
        arrow = "↑" if f.higher_is_better else "↓"
        lines.append(
            f"| {f.benchmark} | {f.name} ({f.unit}) {arrow} | {_fmt(f.value)} | "
            f"{f.baseline_name} | {_fmt(f.baseline)} | ×{f.ratio:.2f} |"
        )
    lines += ["", "![latency distributions](latency.png)", ""]
    if results.notes:
        lines += ["## Notes", ""]
        for benchmark, notes in results.notes.items():
            lines += [f"**{benchmark}**", ""] + [f"- {n}" for n in notes] + [""]
    if closing:
        lines += [closing.rstrip(), ""]
    path.write_text("\n".join(lines))


def write_chart(results: Results, path: Path) -> None:
    """Latency by percentile, one panel per benchmark and load mode, log scales."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels: dict[tuple[str, str], list[Distribution]] = {}
    for d in results.distributions:
        panels.setdefault((d.benchmark, d.mode), []).append(d)
    if not panels:
        return
    columns = 2
    rows = math.ceil(len(panels) / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(12, 4.2 * rows), squeeze=False)
    for ax, ((benchmark, mode), dists) in zip(axes.flat, sorted(panels.items()), strict=False):
        for d in dists:
            qs = sorted(d.percentiles_ms, key=float)
            # x = "nines" (p50 → 0.3, p90 → 1, p99 → 2, p99.9 → 3) so the tail gets room
            xs = [-math.log10(1 - float(q) / 100) for q in qs]
            ax.plot(xs, [d.percentiles_ms[q] for q in qs], marker="o", ms=3, label=d.label)
        ticks = ["50", "90", "99", "99.9"]
        ax.set_xticks([-math.log10(1 - float(q) / 100) for q in ticks], [f"p{q}" for q in ticks])
        ax.set_yscale("log")
        ax.set_ylabel("latency, ms")
        ax.set_title(f"{benchmark} — {'fixed rate' if mode == 'rate' else 'saturation'}")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    for ax in list(axes.flat)[len(panels) :]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
