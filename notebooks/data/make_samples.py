"""Regenerate the sample artefacts that the example report (../report.ipynb) reads.

Run it from anywhere with the project's Python (it needs coverage, pytest and wandb)::

    python notebooks/data/make_samples.py

Everything lands next to this script:

* ``coverage.xml`` and ``junit.xml``: a real ``coverage run -m pytest`` over the miniature
  ``chirp`` package in ``sample_project/`` (questions 7 and 8);
* ``wandb/offline-run-*``: two real offline W&B runs, a two-point learning-rate sweep of 30
  epochs (question 14);
* ``gcp/``: made-up listings in the shape ``gcloud`` prints them as CSV: bucket objects, Artifact
  Registry images and Cloud Build history (questions 19-21);
* ``locust/loadtest_*.csv``: a simulated Locust run written in Locust's CSV layout (question 25);
* ``billing/cost_table.csv``: a made-up Billing > Cost table export (question 27).

The numbers are fictional but consistent, and seeded: running the script again gives the same
values. What cannot repeat exactly is stripped or fixed: the timestamp in coverage.xml, the
hostname, timestamp and durations in junit.xml. The W&B run folders are named after the time
they were made (wandb does that), so their names and ``_timestamp`` values do change.
"""

from __future__ import annotations

import csv
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)  # first day of the (fictional) project


def main() -> None:
    """Write every artefact."""
    tests_and_coverage()
    wandb_runs()
    gcp_listings()
    locust_run()
    billing_table()
    print(f"wrote the samples under {HERE}")


# ---------------------------------------------------------------- questions 7-8


def tests_and_coverage() -> None:
    """``coverage run -m pytest`` in sample_project/, then ``coverage xml``."""
    project = HERE / "sample_project"
    with tempfile.TemporaryDirectory() as scratch:
        # the .coverage data file and bytecode stay out of the shipped folder
        env = {**os.environ, "COVERAGE_FILE": f"{scratch}/.coverage",
               "PYTHONDONTWRITEBYTECODE": "1"}
        run = [sys.executable, "-m", "coverage"]
        subprocess.run([*run, "run", "--source=chirp", "-m", "pytest", "-q",
                        f"--junitxml={HERE / 'junit.xml'}"], cwd=project, env=env, check=True)
        subprocess.run([*run, "xml", "-q", "-o", str(HERE / "coverage.xml")], cwd=project,
                       env=env, check=True)
    # Fix what changes on every run, so regenerating gives the same files.
    xml = (HERE / "coverage.xml").read_text(encoding="utf-8")
    (HERE / "coverage.xml").write_text(re.sub(r'timestamp="\d+"', 'timestamp="0"', xml, count=1),
                                       encoding="utf-8")
    junit = ET.parse(HERE / "junit.xml")
    for element in junit.iter():
        for name in ("hostname", "timestamp"):
            element.attrib.pop(name, None)
        if "time" in element.attrib:
            element.set("time", "0")
    junit.write(HERE / "junit.xml", encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------- question 14


def wandb_runs() -> None:
    """Two offline runs of a learning-rate sweep; only the .wandb logs are kept."""
    os.environ.update(WANDB_SILENT="true", WANDB_CONSOLE="off", WANDB_MODE="offline")
    import wandb

    folder = HERE / "wandb"
    shutil.rmtree(folder, ignore_errors=True)
    settings = wandb.Settings(  # no code, git, requirements, machine or system metrics
        mode="offline", silent=True, console="off", save_code=False, disable_code=True,
        disable_git=True, disable_job_creation=True, x_save_requirements=False,
        x_disable_stats=True, x_disable_meta=True, x_disable_machine_info=True)
    for run_id, lr, best_acc, overfit in (("sweep-lr3e-4", 3e-4, 0.874, 0.0),
                                          ("sweep-lr1e-3", 1e-3, 0.826, 0.035)):
        rng = random.Random(run_id)
        config = {"lr": lr, "batch_size": 64, "weight_decay": 0.01, "mixup": 0.2, "epochs": 30}
        run = wandb.init(project="chirp", id=run_id, name=f"effnet lr={lr:g}", group="lr-sweep",
                         config=config, dir=HERE, settings=settings)
        speed = 0.22 if lr > 5e-4 else 0.14  # the larger step size learns faster, then overfits
        for epoch in range(1, 31):
            progress = 1 - math.exp(-speed * epoch)
            train_loss = 3.87 - 3.45 * progress + rng.gauss(0, 0.03)
            drift = overfit * max(0, epoch - 12)
            val_loss = 3.87 - 3.2 * progress + drift + rng.gauss(0, 0.04)
            val_acc = best_acc * progress - drift / 6 + rng.gauss(0, 0.006)
            run.log({"epoch": epoch, "train/loss": round(train_loss, 4),
                     "val/loss": round(val_loss, 4), "val/acc": round(min(val_acc, 0.99), 4)})
        run.finish()
    # Keep only each run's run-<id>.wandb: drop wandb's symlinks, debug logs and temp folders.
    for link in [path for path in folder.rglob("*") if path.is_symlink()]:
        link.unlink()
    for child in folder.glob("offline-run-*/*"):
        if child.is_dir():
            shutil.rmtree(child)


# ---------------------------------------------------------------- questions 19-21


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """A plain CSV with a header row, as ``gcloud ... --format=csv(...)`` prints it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def stamp(moment: datetime) -> str:
    """RFC 3339 in UTC, the way gcloud prints times."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def gcp_listings() -> None:
    """Bucket objects, registry images and Cloud Build history of the fictional project."""
    rng = random.Random(99)
    # gcloud storage objects list gs://chirp-data --format="csv(name,size,update_time)"
    objects = []
    for i in range(8):
        objects.append([f"raw/xeno-canto-{i:02d}.tar.gz", rng.randint(700, 900) * 2**20,
                        START + timedelta(hours=3 + i)])
    for i in range(12):
        digest = f"{rng.getrandbits(128):032x}"
        objects.append([f"dvc/files/md5/{digest[:2]}/{digest[2:]}", rng.randint(450, 560) * 2**20,
                        START + timedelta(days=2, hours=i)])
    for day in range(14):
        when = START + timedelta(days=7 + day, hours=23, minutes=55)
        objects.append([f"api-logs/{when:%Y-%m-%d}.jsonl", rng.randint(1, 40) * 2**17, when])
    for day in range(0, 14, 2):
        when = START + timedelta(days=8 + day, hours=6)
        objects.append([f"drift/report-{when:%Y-%m-%d}.html", rng.randint(350, 480) * 2**10, when])
    write_csv(HERE / "gcp" / "bucket_objects.csv", ["name", "size", "update_time"],
              [[name, size, stamp(when)] for name, size, when in objects])

    # gcloud artifacts docker images list .../chirp --include-tags
    #   --format="csv(package,tags,create_time,metadata.imageSizeBytes:label=size_bytes)"
    registry = "europe-west1-docker.pkg.dev/chirp-mlops/chirp"
    sizes = {"train-cuda": [9.4, 9.1, 7.2, 6.8, 6.8], "train": [3.4, 3.3, 2.2, 2.1, 2.1],
             "api": [4.6, 4.4, 2.3, 1.2, 1.1], "drift": [1.3, 0.9, 0.9], "frontend": [0.5, 0.4]}
    images = []
    for image, steps in sizes.items():
        for n, gigabytes in enumerate(steps):
            when = START + timedelta(days=2 + 3 * n + (5 if image in ("drift", "frontend") else 0),
                                     hours=rng.randint(8, 18), minutes=rng.randint(0, 59))
            tag = "latest" if n == len(steps) - 1 else f"v0.{n + 1}"
            size = int(gigabytes * 1e9 + rng.randint(0, 9_999_999))
            images.append([f"{registry}/{image}", tag, stamp(when), size])
    images.sort(key=lambda row: row[2])
    write_csv(HERE / "gcp" / "registry_images.csv",
              ["package", "tags", "create_time", "size_bytes"], images)

    # gcloud builds list --format="csv(id,create_time,status,duration_s,trigger)" (duration from
    # start_time and finish_time)
    builds = []
    when = START + timedelta(days=2, hours=10)
    for n in range(30):
        cached = n >= 12  # layer caching and the slimmer images arrived in week two
        minutes = rng.uniform(4.0, 6.5) if cached else rng.uniform(16.0, 23.0)
        status = "FAILURE" if n in (3, 7, 8, 19) else "SUCCESS"
        if status == "FAILURE":
            minutes *= rng.uniform(0.2, 0.6)
        build_id = f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}"
        trigger = "push-to-main" if n % 4 else "manual"
        builds.append([build_id, stamp(when), status, round(minutes * 60), trigger])
        when += timedelta(hours=rng.randint(6, 16), minutes=rng.randint(0, 59))
    write_csv(HERE / "gcp" / "cloud_builds.csv",
              ["id", "create_time", "status", "duration_s", "trigger"], builds)


# ---------------------------------------------------------------- question 25

PERCENTILES = (0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0)
PERCENTILE_NAMES = ["50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%",
                    "100%"]
# endpoint: (method, weight, median latency in ms at low load, response size in bytes)
ENDPOINTS = {"/predict": ("POST", 8, 170, 412), "/health": ("GET", 1, 9, 15),
             "/species": ("GET", 1, 14, 1830)}
STEPS = [(0, 10), (60, 25), (120, 50), (180, 100)]  # (second, users): a stepped load shape
DURATION = 240


def locust_run() -> None:
    """Simulate the requests of a Locust run and write its stats, history and failures CSVs."""
    rng = random.Random(25)
    requests = []  # (finish second, name, response time ms, failed)
    users = [(second + n / 5) for second, count in _user_starts() for n in range(count)]
    names = list(ENDPOINTS)
    weights = [ENDPOINTS[n][1] for n in names]
    for start in users:
        t = start
        while True:
            name = rng.choices(names, weights)[0]
            load = _users_at(t) / 100
            median = ENDPOINTS[name][2] * (1 + 2.2 * load**2)
            latency = median * math.exp(rng.gauss(0, 0.35 + 0.5 * load))
            failed = name == "/predict" and rng.random() < 0.02 * load**3
            if failed:
                latency = rng.uniform(2500, 4000)  # Cloud Run answers 503 while scaling out
            latency = min(max(1, round(latency)), 6000)  # the client gives up after 6 s
            if t + latency / 1000 > DURATION:
                break
            requests.append((t + latency / 1000, name, latency, failed))
            t += latency / 1000 + rng.uniform(1, 2)  # wait_time = between(1, 2)
    requests.sort()
    folder = HERE / "locust"
    first = int(START.replace(day=19, hour=14).timestamp())
    _write_stats(folder / "loadtest_stats.csv", requests)
    _write_history(folder / "loadtest_stats_history.csv", requests, first)
    failures = sum(1 for r in requests if r[3])
    error = "HTTPError('503 Server Error: Service Unavailable for url: /predict')"
    (folder / "loadtest_failures.csv").write_text(
        f'"Method","Name","Error","Occurrences"\n"POST","/predict","{error}",{failures}\n',
        encoding="utf-8")


def _user_starts() -> list[tuple[float, int]]:
    """(second, users added) at each step of the load shape; 5 users spawn per second."""
    added, before = [], 0
    for second, count in STEPS:
        added.append((second, count - before))
        before = count
    return added


def _users_at(t: float) -> int:
    running = 0
    for second, count in _user_starts():
        running += max(0, min(count, int((t - second) * 5) + 1)) if t >= second else 0
    return running


def _bucket(ms: float) -> int:
    """Locust keeps response times rounded to 2 significant digits above 100 ms."""
    if ms < 100:
        return round(ms)
    return int(round(ms, -1 if ms < 1000 else -2 if ms < 10000 else -3))


def _percentile(times: list[int], share: float) -> int:
    """Locust's calculate_response_time_percentile over bucketed times."""
    buckets: dict[int, int] = {}
    for ms in times:
        buckets[_bucket(ms)] = buckets.get(_bucket(ms), 0) + 1
    wanted, seen = int(len(times) * share), 0
    for ms in sorted(buckets, reverse=True):
        seen += buckets[ms]
        if len(times) - seen <= wanted:
            return ms
    return 0


def _median(times: list[int]) -> int:
    """Locust's median_from_dict over bucketed times."""
    position = len(times) // 2
    counts: dict[int, int] = {}
    for ms in times:
        counts[_bucket(ms)] = counts.get(_bucket(ms), 0) + 1
    for ms in sorted(counts):
        if position < counts[ms]:
            return ms
        position -= counts[ms]
    return 0


def _write_stats(path: Path, requests: list[tuple[float, str, int, bool]]) -> None:
    header = ["Type", "Name", "Request Count", "Failure Count", "Median Response Time",
              "Average Response Time", "Min Response Time", "Max Response Time",
              "Average Content Size", "Requests/s", "Failures/s", *PERCENTILE_NAMES]
    lines = [",".join(f'"{h}"' for h in header)]
    groups = [(ENDPOINTS[n][0], n, [r for r in requests if r[1] == n]) for n in ENDPOINTS]
    groups.append(("", "Aggregated", requests))
    for method, name, rows in groups:
        times = [r[2] for r in rows]
        failures = sum(1 for r in rows if r[3])
        sizes = [0 if r[3] else ENDPOINTS[r[1]][3] for r in rows]
        cells = [len(rows), failures, _median(times), sum(times) / len(times), min(times),
                 max(times), sum(sizes) / len(rows), len(rows) / DURATION, failures / DURATION]
        cells += [_percentile(times, share) for share in PERCENTILES]
        lines.append(f'"{method}","{name}",' + ",".join(_number(c) for c in cells))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_history(path: Path, requests: list[tuple[float, str, int, bool]], first: int) -> None:
    """One Aggregated row per second: current rps and percentiles of the last 10 s, totals."""
    header = ["Timestamp", "User Count", "Type", "Name", "Requests/s", "Failures/s",
              *PERCENTILE_NAMES, "Total Request Count", "Total Failure Count",
              "Total Median Response Time", "Total Average Response Time",
              "Total Min Response Time", "Total Max Response Time", "Total Average Content Size"]
    lines = [",".join(f'"{h}"' for h in header)]
    for second in range(0, DURATION + 1):
        done = [r for r in requests if r[0] <= second]
        window = [r for r in done if r[0] > second - 10]
        span = min(10, second) or 1
        if not done:
            cells = [0.0, 0.0] + ["N/A"] * len(PERCENTILES) + [0, 0, 0, 0.0, 0, 0, 0.0]
        else:
            times, recent = [r[2] for r in done], [r[2] for r in window] or [0]
            sizes = [0 if r[3] else ENDPOINTS[r[1]][3] for r in done]
            cells = [round(len(window) / span, 1), round(sum(r[3] for r in window) / span, 1)]
            cells += [_percentile(recent, share) for share in PERCENTILES]
            cells += [len(done), sum(r[3] for r in done), _median(times),
                      round(sum(times) / len(times), 1), min(times), max(times),
                      round(sum(sizes) / len(done), 1)]
        users = _users_at(second) if second < DURATION else 0
        lines.append(f'{first + second},{users},"","Aggregated",' +
                     ",".join(_number(c) for c in cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _number(value: object) -> str:
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


# ---------------------------------------------------------------- question 27


def billing_table() -> None:
    """A Billing > Cost table export: usage rows per SKU and the credit rows that paid for them."""
    # service, SKU, usage amount, unit, cost in USD
    usage = [
        ("Compute Engine", "Nvidia Tesla T4 GPU attached to Spot Preemptible VMs in Belgium",
         212.0, "hour", 24.3817),
        ("Compute Engine", "Spot Preemptible N1 Predefined Instance Core running in Belgium",
         1696.0, "hour", 10.2947),
        ("Compute Engine", "Spot Preemptible N1 Predefined Instance Ram running in Belgium",
         6360.0, "gibibyte hour", 5.4731),
        ("Compute Engine", "E2 Instance Core running in Belgium", 96.0, "hour", 2.1432),
        ("Cloud Build", "Build time e2-highcpu-8", 388.5, "minute", 6.2160),
        ("Vertex AI", "Custom Training n1-standard-8 in europe-west1", 9.5, "hour", 3.6071),
        ("Cloud Storage", "Standard Storage Belgium", 21.4, "gibibyte month", 0.4280),
        ("Cloud Storage", "Network Data Transfer GCP Replication within Europe", 38.2,
         "gibibyte", 0.7640),
        ("Artifact Registry", "Artifact Registry Storage", 48.6, "gibibyte month", 4.8600),
        ("Cloud Run", "CPU Allocation Time (tier 1)", 412000.0, "vCPU-second", 2.9664),
        ("Cloud Run", "Memory Allocation Time (tier 1)", 824000.0, "gibibyte-second", 0.3708),
        ("Secret Manager", "Secret version replica storage", 4.0, "month", 0.0240),
    ]
    header = ["Billing account name", "Billing account ID", "Project name", "Project ID",
              "Service description", "Service ID", "SKU description", "SKU ID", "Credit type",
              "Cost type", "Usage start date", "Usage end date", "Usage amount", "Usage unit",
              "Unrounded Cost ($)", "Cost ($)"]
    account = ["Education credits group 99", "01A2B3-C4D5E6-F7A8B9", "chirp-mlops",
               "chirp-mlops-4471"]
    rng = random.Random(27)
    service_ids: dict[str, str] = {}
    rows, total = [], 0.0
    for service, sku, amount, unit, cost in usage:
        service_id = service_ids.setdefault(service, f"{rng.getrandbits(16):04X}-"
                                                     f"{rng.getrandbits(16):04X}-{rng.getrandbits(16):04X}")
        sku_id = f"{rng.getrandbits(16):04X}-{rng.getrandbits(16):04X}-{rng.getrandbits(16):04X}"
        common = [*account, service, service_id, sku, sku_id]
        dates = ["2026-01-05", "2026-01-25"]
        rows.append([*common, "", "Usage", *dates, amount, unit, f"{cost:.4f}", f"${cost:.2f}"])
        # Free tier first where there is one; education credits cover what is left.
        free = round(min(cost, 0.5), 4) if service in ("Cloud Run", "Cloud Build") else 0.0
        if free:
            rows.append([*common, "Free tier", "Credit", *dates, "", "", f"{-free:.4f}",
                         f"-${free:.2f}"])
        promotion = round(cost - free, 4)
        rows.append([*common, "Promotion", "Credit", *dates, "", "", f"{-promotion:.4f}",
                     f"-${promotion:.2f}"])
        total += cost - free - promotion
    rows.append([""] * len(header))
    rows.append(["", "", "", "", "Total", *[""] * 9, f"{total:.4f}", f"${total:.2f}"])
    write_csv(HERE / "billing" / "cost_table.csv", header, rows)


if __name__ == "__main__":
    main()
