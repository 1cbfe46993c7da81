"""The lock-step protocol of clients/run.ts, for the Python runners.

Each stdin line is {"file": <vector path>, "baseUrl": <recording server>}; each answer is one stdout
line, {"seen": {...}} or {"failure": "..."}. `drive(vector, base_url)` sends the vector's request
through the generated client and returns what its caller saw.
"""

import json
import sys
import traceback


def serve(drive):
    for line in sys.stdin:
        request = json.loads(line)
        try:
            with open(request["file"], encoding="utf-8") as handle:
                vector = json.load(handle)
            answer = {"seen": drive(vector, request["baseUrl"])}
        except Exception:  # noqa: BLE001 - every failure is reported for its case
            answer = {"failure": traceback.format_exc(limit=4)}
        print(json.dumps(answer), flush=True)
