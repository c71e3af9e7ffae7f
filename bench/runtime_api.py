#!/usr/bin/env python3
"""A tiny local AWS Lambda Runtime API (2018-06-01) that starts the function binary itself and
measures it.

  runtime_api.py startup --bin PATH --runs 20 --env K=V ...
      Starts the binary RUNS times; for each start, the time from just before the process is
      spawned to the first GET /2018-06-01/runtime/invocation/next (time.monotonic_ns on both
      ends, in this process), and the process's CPU (schedstat, all threads) at that poll. The
      poll is held open, then the process is killed.

  runtime_api.py coldstart --bin PATH --runs 20 --env K=V ...
      Starts the binary RUNS times and answers each start's first poll with one valid event
      (POST /requests, JSON, a new e-mail each run: 201 expected); for each start, the time from
      just before the spawn to the first poll and to the POST of that invocation's response
      (cold start to first response), and the process's CPU (schedstat, all threads) at that
      response. Then the process is killed.

  runtime_api.py invoke --bin PATH --n 500 --env K=V ...
      Starts the binary once and feeds it N valid HTTP API 2.0 events (POST /requests, JSON,
      distinct e-mails: 201 expected), then N invalid ones (no e-mail: 422, no I/O). Reports,
      per batch: CPU per invocation from /proc/<pid>/stat utime+stime (clock ticks, read at the
      poll that follows the batch's last response, so a batch's interval holds exactly its
      invocations), per-invocation CPU from the sum over the process's threads of
      /proc/<pid>/task/*/schedstat (nanoseconds; taken at each poll, so one invocation's CPU is
      everything the process ran between two polls: the runtime client's HTTP parsing and
      serialisation included), the Runtime API round trip (event sent → response received) and
      the status codes; and VmHWM from /proc/<pid>/status.

Prints one JSON object on stdout. The function's stdout and stderr go to --log.
"""

import argparse
import http.server
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time

NEXT = "/2018-06-01/runtime/invocation/next"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:intake"


def v2_event(body, epoch_ms):
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": "/requests",
        "rawQueryString": "",
        "headers": {"content-type": "application/json", "accept": "application/json"},
        "requestContext": {
            "accountId": "1", "apiId": "a", "domainName": "d", "domainPrefix": "d",
            "http": {"method": "POST", "path": "/requests", "protocol": "HTTP/1.1",
                     "sourceIp": "203.0.113.1", "userAgent": "bench"},
            "requestId": "r", "routeKey": "$default", "stage": "$default", "time": "t",
            "timeEpoch": epoch_ms,
        },
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


class State:
    def __init__(self):
        self.lock = threading.Lock()
        self.generation = 0
        self.first_poll = {}          # generation -> monotonic ns of the first poll
        self.first_poll_event = threading.Event()
        self.stop = threading.Event()  # releases held polls
        self.events = []              # invoke mode: the events to hand out, in order
        self.pid = None
        self.polls = []               # invoke mode: (index, monotonic ns, cpu sample) per poll
        self.sent = {}                # request id -> monotonic ns the event was sent
        self.done = {}                # request id -> (monotonic ns, kind, statusCode)
        self.all_done = threading.Event()
        self.mode = "startup"
        self.cold = {}                # coldstart mode: generation -> (ns, kind, status, cpu ns)
        self.cold_event = threading.Event()
        self.init_cpu = {}            # startup mode: generation -> CPU ns at the first poll


STATE = State()
TICK = os.sysconf("SC_CLK_TCK")


def stat_cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)


def sched_ns(pid):
    total = 0
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, and each response in one write (below): otherwise a small second segment
    # can wait for the peer's delayed ACK (~40 ms) and show up in the round-trip tail.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def _reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self._headers_buffer.append(b"\r\n")
        self._headers_buffer.append(body)
        self.wfile.write(b"".join(self._headers_buffer))
        self._headers_buffer = []
        self.wfile.flush()

    def do_GET(self):
        now = time.monotonic_ns()
        if self.path != NEXT:
            self._reply(404)
            return
        st = STATE
        if st.mode == "coldstart":
            with st.lock:
                gen = st.generation
                first = gen not in st.first_poll
                if first:
                    st.first_poll[gen] = now
            if not first:
                st.stop.wait()
                return
            body = json.dumps(st.events[gen]).encode()
            self._reply(200, body, [
                ("Content-Type", "application/json"),
                ("Lambda-Runtime-Aws-Request-Id", f"cold-{gen}"),
                ("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30_000)),
                ("Lambda-Runtime-Invoked-Function-Arn", ARN),
                ("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0"),
            ])
            return
        if st.mode == "startup":
            with st.lock:
                if st.generation not in st.first_poll:
                    st.first_poll[st.generation] = now
                    # Init's own CPU (all threads), which the machine's load moves less than
                    # the wall time.
                    st.init_cpu[st.generation] = sched_ns(st.pid) if st.pid else None
                    st.first_poll_event.set()
            st.stop.wait()  # hold the poll open, as Lambda does, until the process is killed
            return
        with st.lock:
            index = len(st.polls)
            sample = (stat_cpu_ticks(st.pid), sched_ns(st.pid), vm_hwm_kib(st.pid))
            st.polls.append((index, now, sample))
        if index >= len(st.events):
            st.all_done.set()
            st.stop.wait()
            return
        rid = f"inv-{index}"
        body = json.dumps(st.events[index]).encode()
        deadline = int(time.time() * 1000) + 30_000
        st.sent[rid] = time.monotonic_ns()
        self._reply(200, body, [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", rid),
            ("Lambda-Runtime-Deadline-Ms", str(deadline)),
            ("Lambda-Runtime-Invoked-Function-Arn", ARN),
            ("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0"),
        ])

    def do_POST(self):
        now = time.monotonic_ns()
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = self.path.strip("/").split("/")
        # /2018-06-01/runtime/invocation/<id>/<kind>  or  /2018-06-01/runtime/init/error
        if len(parts) == 5 and parts[2] == "invocation":
            rid, kind = parts[3], parts[4]
            status = None
            try:
                status = json.loads(raw).get("statusCode")
            except (ValueError, AttributeError):
                pass
            STATE.done[rid] = (now, kind, status)
            if rid.startswith("cold-"):
                cpu = sched_ns(STATE.pid) if STATE.pid else None
                STATE.cold[int(rid[5:])] = (now, kind, status, cpu)
                STATE.cold_event.set()
        else:
            STATE.done[self.path] = (now, "init-error", raw.decode(errors="replace")[:500])
        self._reply(202, b'{"status":"OK"}', [("Content-Type", "application/json")])


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def child_env(args, port):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for kv in args.env:
        k, _, v = kv.partition("=")
        env[k] = v
    env["AWS_LAMBDA_RUNTIME_API"] = f"127.0.0.1:{port}"
    return env


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def startup(args, server, port):
    env = child_env(args, port)
    results = []
    log = open(args.log, "ab")
    for run in range(args.runs):
        st = STATE
        with st.lock:
            st.generation = run
            st.first_poll_event.clear()
            st.stop.clear()
        t0 = time.monotonic_ns()
        child = subprocess.Popen([args.bin], env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        st.pid = child.pid
        ok = st.first_poll_event.wait(30)
        if not ok or child.poll() is not None:
            child.kill()
            child.wait()
            sys.exit(f"run {run}: the function did not poll (exit {child.returncode}); see {args.log}")
        results.append((st.first_poll[run] - t0) / 1e6)
        child.kill()
        child.wait()
        st.stop.set()
        time.sleep(0.05)
    log.close()
    cpu = [STATE.init_cpu[r] / 1e6 for r in range(len(results)) if STATE.init_cpu.get(r) is not None]
    print(json.dumps({
        "runs": len(results),
        "start_to_first_poll_ms": {
            "median": statistics.median(results), "min": min(results), "max": max(results),
            "p90": pct(results, 90), "all": [round(x, 2) for x in results],
        },
        "cpu_ms_to_first_poll": {
            "median": statistics.median(cpu), "min": min(cpu), "max": max(cpu),
        } if cpu else None,
    }))


def coldstart(args, server, port):
    st = STATE
    st.mode = "coldstart"
    now_ms = int(time.time() * 1000)
    st.events = [v2_event({"type": "deletion", "locale": "ru", "name": "Test",
                           "email": f"cold-{now_ms}-{i}@example.kz", "confirm": True}, now_ms + i)
                 for i in range(args.runs)]
    env = child_env(args, port)
    to_poll, to_response, cpu, statuses = [], [], [], {}
    log = open(args.log, "ab")
    for run in range(args.runs):
        with st.lock:
            st.generation = run
            st.cold_event.clear()
            st.stop.clear()
        t0 = time.monotonic_ns()
        child = subprocess.Popen([args.bin], env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        st.pid = child.pid
        ok = st.cold_event.wait(30)
        if not ok or child.poll() is not None:
            child.kill()
            child.wait()
            sys.exit(f"run {run}: no response (exit {child.returncode}); see {args.log}")
        t_resp, kind, status, cpu_ns = st.cold[run]
        to_poll.append((st.first_poll[run] - t0) / 1e6)
        to_response.append((t_resp - t0) / 1e6)
        if cpu_ns is not None:
            cpu.append(cpu_ns / 1e6)
        key = f"{kind}:{status}"
        statuses[key] = statuses.get(key, 0) + 1
        child.kill()
        child.wait()
        st.pid = None
        st.stop.set()
        time.sleep(0.05)
    log.close()

    def summary(xs):
        return {"median": statistics.median(xs), "min": min(xs), "max": max(xs),
                "p90": pct(xs, 90), "all": [round(x, 2) for x in xs]}

    print(json.dumps({
        "runs": args.runs,
        "statuses": statuses,
        "start_to_first_poll_ms": summary(to_poll),
        "start_to_first_response_ms": summary(to_response),
        "cpu_ms_to_first_response": summary(cpu) if cpu else None,
    }))


def invoke(args, server, port):
    st = STATE
    st.mode = "invoke"
    now_ms = int(time.time() * 1000)
    valid = [v2_event({"type": "deletion", "locale": "ru", "name": "Test",
                       "email": f"bench-{i}@example.kz", "confirm": True}, now_ms + i)
             for i in range(args.n)]
    invalid = [v2_event({"type": "deletion", "locale": "ru", "name": "Test", "confirm": True},
                        now_ms + i) for i in range(args.n)]
    st.events = valid + invalid
    env = child_env(args, port)
    log = open(args.log, "ab")
    child = subprocess.Popen([args.bin], env=env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    st.pid = child.pid
    if not st.all_done.wait(args.timeout):
        child.kill()
        sys.exit(f"timed out after {len(st.polls)} polls; see {args.log}")
    hwm_final = vm_hwm_kib(child.pid)
    child.kill()
    child.wait()
    st.stop.set()
    log.close()

    polls = sorted(st.polls)
    n = args.n
    report = {"n_per_batch": n, "clock_ticks_per_s": TICK, "vm_hwm_kib_final": hwm_final}
    for name, lo in (("valid", 0), ("invalid", n)):
        hi = lo + n
        ticks = polls[hi][2][0] - polls[lo][2][0]
        per_inv_sched = [(polls[i + 1][2][1] - polls[i][2][1]) / 1e6 for i in range(lo, hi)]
        rtt = []
        statuses = {}
        for i in range(lo, hi):
            rid = f"inv-{i}"
            t_done, kind, status = st.done.get(rid, (None, None, None))
            key = f"{kind}:{status}"
            statuses[key] = statuses.get(key, 0) + 1
            if t_done is not None:
                rtt.append((t_done - st.sent[rid]) / 1e6)
        cycle = [(polls[i + 1][1] - polls[i][1]) / 1e6 for i in range(lo, hi)]
        report[name] = {
            "statuses": statuses,
            "cpu_ms_per_invocation_proc_stat_mean": ticks * 1000 / TICK / n,
            "cpu_ticks_total": ticks,
            "cpu_ms_per_invocation_schedstat": {
                "mean": statistics.mean(per_inv_sched), "p50": pct(per_inv_sched, 50),
                "p90": pct(per_inv_sched, 90), "p99": pct(per_inv_sched, 99),
                "max": max(per_inv_sched),
                "total_ms": (polls[hi][2][1] - polls[lo][2][1]) / 1e6,
            },
            "round_trip_ms": {"p50": pct(rtt, 50), "p90": pct(rtt, 90), "p99": pct(rtt, 99),
                              "max": max(rtt) if rtt else None},
            "poll_to_poll_ms": {"p50": pct(cycle, 50), "p99": pct(cycle, 99)},
            "vm_hwm_kib_after_batch": polls[hi][2][2],
            "wall_s": (polls[hi][1] - polls[lo][1]) / 1e9,
        }
    print(json.dumps(report, indent=1))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["startup", "coldstart", "invoke"])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE for the function")
    ap.add_argument("--log", default=os.devnull)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    {"startup": startup, "coldstart": coldstart, "invoke": invoke}[args.mode](args, server, port)
    server.shutdown()


if __name__ == "__main__":
    main()
