"""Benchmark of reading a 2,000-row Zoom participants report (parse, union of connections, clip to the session),
against the csv module reading the same bytes (the floor: decoding and splitting alone).

    python benchmarks/meeting_report.py            # 2,000 rows: 800 people, rejoins and two devices
    python benchmarks/meeting_report.py --rows 20000 --repeat 5

Prints the median time of each and the ratio. The database side of preview/apply is not measured here.
"""
import argparse
import csv
import io
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from agenda.attendance.meeting_reports import parse_report

HEADER = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent"


def zoom_report(rows: int) -> bytes:
    start = datetime(2020, 9, 15, 9, 50)
    lines = [HEADER]
    for index in range(rows):
        person = index % (rows * 2 // 5 or 1)
        joined = start + timedelta(minutes=(index * 7) % 100, seconds=index % 60)
        left = joined + timedelta(minutes=15 + index % 50)
        lines.append(f"Persona {person},persona{person}@example.org,{joined:%m/%d/%Y %I:%M:%S %p},"
                     f"{left:%m/%d/%Y %I:%M:%S %p},{(left - joined).seconds // 60 + 1},Yes,Y")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def median_seconds(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    data = zoom_report(args.rows)
    window = (datetime(2020, 9, 15, 10), datetime(2020, 9, 15, 12))
    baseline = median_seconds(lambda: list(csv.reader(io.StringIO(data.decode("utf-8-sig")))), args.repeat)
    parsed = median_seconds(lambda: parse_report(data, window), args.repeat)
    people = len(parse_report(data, window).people)
    print(f"{args.rows} rows, {people} people, {len(data) / 1024:.0f} KiB")
    print(f"csv.reader baseline: {baseline * 1000:8.1f} ms")
    print(f"parse_report:        {parsed * 1000:8.1f} ms  ({parsed / baseline:.1f}x the baseline)")


if __name__ == "__main__":
    main()
