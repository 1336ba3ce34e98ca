#!/usr/bin/env python3
"""Soak run of a headless assocmon: mixed traffic from real clients and our own SCU at once, memory and file
descriptors sampled every 10 s, and at the end a check that nothing was lost and nothing grew.

usage: soak.py --assocmon BIN --load BIN [--duration SECONDS] [--workdir DIR]
(normally through scripts/soak.sh, which builds the binaries first)

Traffic, all on 127.0.0.1, until the duration is over:
- DCMTK echoscu in a loop, and storescu sending Part-10 files of 1 KiB to 50 MiB in Implicit VR LE, Explicit VR LE,
  Deflated Explicit VR LE and JPEG Baseline (encapsulated) transfer syntaxes;
- pynetdicom C-STOREs (1 KiB to 2 MiB, the same transfer syntaxes, each on its own presentation context);
- assocmon-load (our SCU on the codec): C-STOREs, associations with C-ECHOs, and bursts of 200 associations open
  at once;
- a raw-socket requestor: A-ABORT in the middle of a C-STORE data set, transport closed in the middle of one,
  rejected requests (a rule rejects calling AE REJECTME), undecodable and malformed PDUs, and idle connections
  that must be closed by the ARTIM timer.

Checks (exit status 1 if any fails): every C-STORE a client saw acknowledged with status 0000H is on disk and its
data set equals what was sent; no temporary or partial file; no file for an aborted store; RSS after the warm-up
flat within 10 %; open file descriptors back to the baseline; the engine still answers a C-ECHO; it stops cleanly.
"""
import argparse
import json
import os
import random
import re
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

from pydicom import dcmread
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian,
                         JPEGBaseline8Bit, generate_uid)

SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
VERIFICATION = "1.2.840.10008.1.1"
TRANSFER_SYNTAXES = [ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLittleEndian,
                     JPEGBaseline8Bit]
STORESCU_OPTIONS = {ImplicitVRLittleEndian: ["-xi"], ExplicitVRLittleEndian: ["-xe"],
                    DeflatedExplicitVRLittleEndian: ["-xd"], JPEGBaseline8Bit: ["-xy"]}
ARTIM_SECONDS = 5
SAMPLE_SECONDS = 10
RULES = "reject 1/1/3 calling=REJECTME\n"


# ---------------------------------------------------------------------------------------------------------------
# Data sets: deterministic from (SOP instance UID, size, transfer syntax), so the check regenerates what was sent.

def make_dataset(uid, size, transfer_syntax):
    rng = random.Random(uid)
    columns = 256
    rows = max(1, min(size // columns, 1024))
    frames = max(1, size // (rows * columns))
    ds = Dataset()
    ds.SOPClassUID = SECONDARY_CAPTURE
    ds.SOPInstanceUID = uid
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.10.1011.1"
    ds.SeriesInstanceUID = "1.2.826.0.1.3680043.10.1011.1.1"
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    ds.PatientName = "SOAK^TEST"
    ds.PatientID = "SOAK"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows = rows
    ds.Columns = columns
    ds.NumberOfFrames = frames
    ds.BitsAllocated = 8
    ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    frame = rows * columns
    if transfer_syntax == JPEGBaseline8Bit:
        # Opaque fragments: the SCP stores bytes, it never decodes them.
        ds.PixelData = encapsulate([rng.randbytes(frame) for _ in range(frames)])
    else:
        ds.PixelData = rng.randbytes(frame * frames)
    ds["PixelData"].VR = "OB"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = SECONDARY_CAPTURE
    ds.file_meta.MediaStorageSOPInstanceUID = uid
    ds.file_meta.TransferSyntaxUID = transfer_syntax
    return ds


def same_dataset(stored, expected):
    """Equal element by element, values compared as decoded (an implicit VR file reads OB pixel data back as OW)."""
    tags = set(stored.keys()), set(expected.keys())
    if tags[0] != tags[1]:
        return False
    return all(stored[tag].value == expected[tag].value for tag in tags[1])


class Ledger:
    """What clients saw acknowledged (status 0000H) and which stores were aborted, for the final check."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = {}  # (calling AE, uid) -> [count, size, ts, check transfer syntax]
        self.aborted = set()
        self.load_stores = 0
        self.counts = {}
        self.failures = []

    def ack(self, calling, uid, size, ts, exact_ts):
        with self.lock:
            entry = self.acknowledged.setdefault((calling, uid), [0, size, ts, exact_ts])
            entry[0] += 1

    def count(self, name, n=1):
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + n

    def fail(self, message):
        with self.lock:
            if len(self.failures) < 50:
                self.failures.append(message)


# ---------------------------------------------------------------------------------------------------------------
# Raw PDUs for the misbehaving requestor (PS3.8 §9.3).

def item(kind, payload):
    return struct.pack(">BBH", kind, 0, len(payload)) + payload


def associate_rq(calling, contexts):
    body = b""
    for context_id, abstract, syntaxes in contexts:
        sub = item(0x30, abstract.encode()) + b"".join(item(0x40, ts.encode()) for ts in syntaxes)
        body += item(0x20, bytes([context_id, 0, 0, 0]) + sub)
    user = item(0x50, item(0x51, struct.pack(">I", 16384)) + item(0x52, b"1.2.826.0.1.3680043.10.1011")
                + item(0x55, b"SOAKRAW"))
    fixed = struct.pack(">HH", 1, 0) + b"ASSOCMON".ljust(16) + calling.encode().ljust(16) + bytes(32)
    payload = fixed + item(0x10, b"1.2.840.10008.3.1.1.1") + body + user
    return struct.pack(">BBI", 1, 0, len(payload)) + payload


def p_data(context_id, control, value):
    pdv = struct.pack(">IBB", len(value) + 2, context_id, control) + value
    return struct.pack(">BBI", 4, 0, len(pdv)) + pdv


def command_set(elements):
    def element(tag, value):
        return struct.pack("<HHI", 0, tag, len(value)) + value
    body = b"".join(element(tag, value) for tag, value in elements)
    return element(0x0000, struct.pack("<I", len(body))) + body


def uid_value(uid):
    raw = uid.encode()
    return raw + (b"\0" if len(raw) % 2 else b"")


def c_store_rq(message_id, uid):
    return command_set([(0x0002, uid_value(SECONDARY_CAPTURE)), (0x0100, struct.pack("<H", 0x0001)),
                        (0x0110, struct.pack("<H", message_id)), (0x0700, struct.pack("<H", 0)),
                        (0x0800, struct.pack("<H", 0x0000)), (0x1000, uid_value(uid))])


A_ABORT = bytes([7, 0, 0, 0, 0, 4, 0, 0, 0, 0])


def read_pdu(sock):
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data
    header = exactly(6)
    return header[0], exactly(struct.unpack(">I", header[2:6])[0])


def wait_closed(sock, seconds):
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
        return True
    except (socket.timeout, TimeoutError):
        return False
    except OSError:
        return True


# ---------------------------------------------------------------------------------------------------------------

class Soak:
    def __init__(self, args):
        self.args = args
        self.work = args.workdir or tempfile.mkdtemp(prefix="assocmon-soak.")
        self.storage = os.path.join(self.work, "received")
        self.files = os.path.join(self.work, "files")
        os.makedirs(self.files, exist_ok=True)
        self.ledger = Ledger()
        self.stop = threading.Event()
        self.samples = []
        self.process = None
        self.port = None
        self.env = dict(os.environ, TCP_NODELAY="1")

    # -- server ---------------------------------------------------------------------------------------------
    def start_server(self):
        rules = os.path.join(self.work, "rules.txt")
        with open(rules, "w") as f:
            f.write(RULES)
        self.events_path = os.path.join(self.work, "events.jsonl")
        self.stderr_path = os.path.join(self.work, "stderr.txt")
        self.process = subprocess.Popen(
            [self.args.assocmon, "--headless", "--bind", "127.0.0.1", "--port", "0", "--policy", "accept",
             "--rules", rules, "--storage-dir", self.storage, "--artim-timeout", str(ARTIM_SECONDS),
             # Every client here connects from 127.0.0.1, standing in for many peers: the per-peer and silent-
             # connection limits are raised so bursts of 200 are served, not refused 2/3/2.
             "--max-associations", "1024", "--max-per-peer", "1024", "--max-pending", "1024",
             "--log-level", "warning"],
            stdin=subprocess.PIPE, stdout=open(self.events_path, "wb"), stderr=open(self.stderr_path, "wb"))
        deadline = time.time() + 30
        while time.time() < deadline and self.port is None:
            with open(self.stderr_path) as f:
                match = re.search(r"listening on port (\d+)", f.read())
            if match:
                self.port = int(match.group(1))
            elif self.process.poll() is not None:
                raise SystemExit("assocmon exited at start-up: " + open(self.stderr_path).read())
            else:
                time.sleep(0.1)
        if self.port is None:
            raise SystemExit("assocmon did not report its port")

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def fds(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    # -- traffic --------------------------------------------------------------------------------------------
    def loop(self, name, body, pause=0.0):
        def run():
            index = 0
            while not self.stop.is_set():
                try:
                    body(index)
                except Exception as error:  # a driver's own failure is reported, the run goes on
                    self.ledger.fail(f"{name}: {error!r}")
                index += 1
                if pause:
                    self.stop.wait(pause)
        thread = threading.Thread(target=run, name=name, daemon=True)
        thread.start()
        return thread

    def run_tool(self, argv, timeout=300):
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=self.env)

    def dcmtk_echo(self, index):
        result = self.run_tool(["/usr/bin/echoscu", "-aet", "ECHOSCU", "-aec", "ASSOCMON", "127.0.0.1",
                                str(self.port)])
        self.ledger.count("echoscu ok" if result.returncode == 0 else "echoscu failed")
        if result.returncode != 0:
            self.ledger.fail(f"echoscu: exit {result.returncode}: {result.stderr.strip()[:200]}")

    def prepare_dcmtk_files(self):
        self.dcmtk_files = []
        sizes = [1024, 64 * 1024, 1024 * 1024, 8 * 1024 * 1024]
        for index, size in enumerate(sizes * 1):
            for ts in TRANSFER_SYNTAXES:
                uid = generate_uid()
                path = os.path.join(self.files, f"{uid}.dcm")
                make_dataset(uid, size, ts).save_as(path, enforce_file_format=True)
                self.dcmtk_files.append((path, uid, size, ts))
        uid = generate_uid()
        path = os.path.join(self.files, f"{uid}.dcm")
        make_dataset(uid, 50 * 1024 * 1024, ExplicitVRLittleEndian).save_as(path, enforce_file_format=True)
        self.large_file = (path, uid, 50 * 1024 * 1024, ExplicitVRLittleEndian)

    def dcmtk_store(self, index):
        # The 50 MiB file once a minute (and first), the others in turn.
        if index == 0 or (time.time() - self.last_large) >= 60:
            self.last_large = time.time()
            entry = self.large_file
        else:
            entry = self.dcmtk_files[index % len(self.dcmtk_files)]
        path, uid, size, ts = entry
        result = self.run_tool(["/usr/bin/storescu", "-v", "-aet", "STORESCU", "-aec", "ASSOCMON",
                                *STORESCU_OPTIONS[ts], "127.0.0.1", str(self.port), path])
        if "Received Store Response (Success)" in result.stdout + result.stderr:
            self.ledger.ack("STORESCU", uid, size, ts, False)
            self.ledger.count("storescu acknowledged")
        else:
            self.ledger.count("storescu failed")
            self.ledger.fail(f"storescu {ts} {size}: exit {result.returncode}: "
                             f"{(result.stdout + result.stderr).strip()[-300:]}")

    def pynetdicom_store(self, index):
        from pynetdicom import AE
        if not hasattr(self, "pynetdicom_log"):
            # pynetdicom's own warnings and errors, to say why an association or a C-STORE failed.
            import collections
            import logging
            self.pynetdicom_log = collections.deque(maxlen=5)
            handler = logging.Handler(level=logging.WARNING)
            handler.emit = lambda record: self.pynetdicom_log.append(record.getMessage()[:200])
            logging.getLogger("pynetdicom").addHandler(handler)
        ae = AE(ae_title="PYNETDICOM")
        for ts in TRANSFER_SYNTAXES:
            ae.add_requested_context(SECONDARY_CAPTURE, [ts])
        ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = 60
        assoc = ae.associate("127.0.0.1", self.port, ae_title="ASSOCMON")
        if not assoc.is_established:
            self.ledger.fail(f"pynetdicom: association not established: {list(self.pynetdicom_log)}")
            return
        try:
            for n in range(4):
                size = random.choice([1024, 16 * 1024, 256 * 1024, 2 * 1024 * 1024])
                ts = TRANSFER_SYNTAXES[(index * 4 + n) % len(TRANSFER_SYNTAXES)]
                uid = generate_uid()
                status = assoc.send_c_store(make_dataset(uid, size, ts))
                if status is not None and getattr(status, "Status", None) == 0x0000:
                    self.ledger.ack("PYNETDICOM", uid, size, ts, True)
                    self.ledger.count("pynetdicom acknowledged")
                else:
                    self.ledger.count("pynetdicom failed")
                    self.ledger.fail(f"pynetdicom C-STORE {ts} {size}: {status} {list(self.pynetdicom_log)}")
                    if not assoc.is_established:
                        return
        finally:
            assoc.release()

    def load_store(self, index):
        size = [2 * 1024, 300 * 1024, 4 * 1024 * 1024][index % 3]
        result = self.run_tool([self.args.load, "store", "--bytes", str(size), "--count", "5", "--pdu", "16384",
                                "--port", str(self.port), "--calling-ae", "LOADSTORE", "--called-ae", "ASSOCMON"])
        if result.returncode == 0:
            with self.ledger.lock:
                self.ledger.load_stores += 5
            self.ledger.count("assocmon-load C-STOREs acknowledged", 5)
        else:
            self.ledger.fail(f"assocmon-load store: {result.stderr.strip()[:200]}")

    def load_echo(self, index):
        result = self.run_tool([self.args.load, "associations", "--count", "200", "--echoes", "2",
                                "--port", str(self.port)])
        self.ledger.count("assocmon-load associations", 200 if result.returncode == 0 else 0)
        if result.returncode != 0:
            self.ledger.fail(f"assocmon-load associations: {result.stderr.strip()[:200]}")

    def load_burst(self, index):
        result = self.run_tool([self.args.load, "hold", "--count", "200", "--hold-seconds", "1",
                                "--port", str(self.port)])
        self.ledger.count("bursts of 200 parallel" if result.returncode == 0 else "bursts failed")
        if result.returncode != 0:
            self.ledger.fail(f"assocmon-load hold: {(result.stdout + result.stderr).strip()[:200]}")

    def raw(self, index):
        kind = index % 6
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        try:
            if kind in (0, 1):
                # A C-STORE cut off half way: A-ABORT (0) or the TCP connection closed (1).
                sock.sendall(associate_rq("SOAKRAW", [(1, SECONDARY_CAPTURE, [ExplicitVRLittleEndian])]))
                pdu_type, _ = read_pdu(sock)
                if pdu_type != 2:
                    raise RuntimeError(f"expected A-ASSOCIATE-AC, got PDU type {pdu_type}")
                uid = generate_uid()
                with self.ledger.lock:
                    self.ledger.aborted.add(uid)
                sock.sendall(p_data(1, 0x03, c_store_rq(1, uid)))
                chunk = random.Random(uid).randbytes(16000)
                for _ in range(random.randint(1, 40)):
                    sock.sendall(p_data(1, 0x00, chunk))
                if kind == 0:
                    sock.sendall(A_ABORT)
                    self.ledger.count("stores aborted (A-ABORT)")
                else:
                    self.ledger.count("stores aborted (TCP closed)")
            elif kind == 2:
                sock.sendall(associate_rq("REJECTME", [(1, VERIFICATION, [ImplicitVRLittleEndian])]))
                pdu_type, body = read_pdu(sock)
                if pdu_type == 3 and list(body[1:4]) == [1, 1, 3]:
                    self.ledger.count("rejected 1/1/3 by rule")
                else:
                    self.ledger.fail(f"REJECTME: expected A-ASSOCIATE-RJ 1/1/3, got type {pdu_type} {body[:4].hex()}")
            elif kind == 3:
                sock.sendall(random.randbytes(random.randint(1, 300)))
                if wait_closed(sock, 10):
                    self.ledger.count("garbage closed")
                else:
                    self.ledger.fail("garbage: connection not closed within 10 s")
            elif kind == 4:
                # A-ASSOCIATE-RQ whose item length runs past the PDU (PS3.8 §9.3.2).
                rq = bytearray(associate_rq("SOAKRAW", [(1, VERIFICATION, [ImplicitVRLittleEndian])]))
                rq[74 + 2:74 + 4] = struct.pack(">H", 0xFFF0)
                sock.sendall(bytes(rq))
                if wait_closed(sock, 10):
                    self.ledger.count("malformed RQ closed")
                else:
                    self.ledger.fail("malformed RQ: connection not closed within 10 s")
            else:
                # Idle: ARTIM must close it (PS3.8 §9.1.5).
                started = time.time()
                if wait_closed(sock, ARTIM_SECONDS + 5):
                    self.ledger.count("idle closed by ARTIM")
                    if time.time() - started < ARTIM_SECONDS - 1:
                        self.ledger.fail("idle connection closed before ARTIM expired")
                else:
                    self.ledger.fail(f"idle connection still open after {ARTIM_SECONDS + 5} s")
        finally:
            sock.close()

    # -- the run --------------------------------------------------------------------------------------------
    def run(self):
        print(f"soak: preparing data sets in {self.work}", flush=True)
        self.prepare_dcmtk_files()
        self.last_large = 0.0
        self.start_server()
        time.sleep(1)
        baseline_fds = self.fds()
        start_rss = self.rss_kib()
        print(f"soak: assocmon pid {self.process.pid} port {self.port}, RSS {start_rss / 1024:.1f} MiB, "
              f"{baseline_fds} fds; traffic for {self.args.duration} s", flush=True)
        started = time.time()
        threads = [
            self.loop("echoscu", self.dcmtk_echo, 0.2),
            self.loop("storescu", self.dcmtk_store, 0.5),
            self.loop("pynetdicom", self.pynetdicom_store, 0.5),
            self.loop("load-store", self.load_store, 1.0),
            self.loop("load-echo", self.load_echo, 1.0),
            self.loop("load-burst", self.load_burst, 5.0),
            self.loop("raw-1", self.raw, 0.1),
            self.loop("raw-2", self.raw, 0.3),
        ]
        print(f"{'time s':>7} {'RSS MiB':>8} {'fds':>5}", flush=True)
        next_sample = started + SAMPLE_SECONDS
        while time.time() < started + self.args.duration:
            if self.process.poll() is not None:
                self.ledger.fail(f"assocmon exited during the run with status {self.process.returncode}")
                break
            now = time.time()
            if now >= next_sample:
                sample = (round(now - started), self.rss_kib(), self.fds())
                self.samples.append(sample)
                print(f"{sample[0]:>7} {sample[1] / 1024:>8.1f} {sample[2]:>5}", flush=True)
                next_sample += SAMPLE_SECONDS
            time.sleep(0.2)
        self.stop.set()
        for thread in threads:
            thread.join(timeout=360)
        # Idle connections and Sta13 closes settle within ARTIM.
        time.sleep(ARTIM_SECONDS + 2)
        return self.finish(baseline_fds, start_rss)

    def finish(self, baseline_fds, start_rss):
        alive = self.process.poll() is None
        end_fds = self.fds() if alive else -1
        # The storage writer keeps each calling AE title's directory open once a file was linked into it (at most
        # 64, a bounded cache, not a leak): those may stay open after the traffic; anything more is a leak.
        kept_ae_directories = min(64, sum(
            1 for entry in os.scandir(self.storage) if entry.is_dir() and not entry.name.startswith(".")))
        end_rss = self.rss_kib() if alive else 0
        echo = self.run_tool(["/usr/bin/echoscu", "-aet", "FINALECHO", "-aec", "ASSOCMON", "127.0.0.1",
                              str(self.port)], timeout=30) if alive else None
        echo_ok = echo is not None and echo.returncode == 0
        if alive:
            self.process.send_signal(signal.SIGTERM)
        try:
            exit_status = self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            exit_status = "killed after 60 s"

        # Storage: every acknowledged C-STORE on disk with the data set sent; nothing partial; no aborted store.
        on_disk = {}
        stray = []
        for root, _, names in os.walk(self.storage):
            for name in names:
                path = os.path.join(root, name)
                relative = os.path.relpath(path, self.storage)
                if relative.startswith(".tmp" + os.sep) or not name.endswith(".dcm"):
                    stray.append(relative)
                    continue
                on_disk[(os.path.dirname(relative), name[:-len(".dcm")])] = path
        missing, different, checked = [], [], 0
        for (calling, uid), (count, size, ts, exact_ts) in self.ledger.acknowledged.items():
            # <uid>.dcm, then <uid>.1.dcm, <uid>.2.dcm, ... for the same instance sent again.
            names = [uid] + [f"{uid}.{n}" for n in range(1, count + 5)]
            paths = [on_disk[(calling, n)] for n in names if (calling, n) in on_disk]
            # A file never replaces another: each acknowledged send of the same instance is its own file.
            if len(paths) < count:
                missing.append(f"{calling}/{uid} ({count} acknowledged, {len(paths)} on disk)")
                continue
            expected = make_dataset(uid, size, ts)
            for path in paths:
                stored = dcmread(path)
                checked += 1
                if not same_dataset(stored, expected) or (exact_ts and stored.file_meta.TransferSyntaxUID != ts):
                    different.append(os.path.relpath(path, self.storage))
        load_files = len([1 for (calling, _) in on_disk if calling == "LOADSTORE"])
        aborted_files = [uid for uid in self.ledger.aborted if ("SOAKRAW", uid) in on_disk]

        warm = max(2, len(self.samples) // 3)
        steady = self.samples[warm:] if len(self.samples) > warm else self.samples[-1:]
        half = max(1, len(steady) // 2)
        early = statistics.median(s[1] for s in steady[:half]) if steady else start_rss
        late = statistics.median(s[1] for s in steady[half:]) if len(steady) > half else early
        growth = (late - early) / early if early else 0.0

        checks = [
            ("acknowledged C-STOREs on disk, data set equal",
             f"{checked} files of {len(self.ledger.acknowledged)} instances", not missing and not different),
            ("assocmon-load C-STOREs on disk", f"{load_files} of {self.ledger.load_stores}",
             load_files >= self.ledger.load_stores),
            ("temporary or partial files", str(len(stray)), not stray),
            ("files of aborted stores", f"{len(aborted_files)} of {len(self.ledger.aborted)} aborted",
             not aborted_files),
            ("RSS after warm-up (median, first → second half)",
             f"{early / 1024:.1f} → {late / 1024:.1f} MiB ({growth * 100:+.1f} %)", growth <= 0.10),
            ("open fds: baseline → end (+ AE directories kept open)",
             f"{baseline_fds} → {end_fds} (+{kept_ae_directories})",
             0 <= end_fds <= baseline_fds + kept_ae_directories),
            ("C-ECHO after the run", "answered" if echo_ok else "no answer", echo_ok),
            ("graceful stop (SIGTERM)", f"exit {exit_status}", exit_status == 0),
            ("driver failures", str(len(self.ledger.failures)), not self.ledger.failures),
        ]
        print()
        print(f"soak: {self.args.duration} s, {len(self.samples)} samples; RSS start {start_rss / 1024:.1f} MiB, "
              f"peak {max([s[1] for s in self.samples] + [start_rss]) / 1024:.1f} MiB, end {end_rss / 1024:.1f} MiB")
        for name, value in sorted(self.ledger.counts.items()):
            print(f"  {name:<44} {value:>8}")
        print()
        width = max(len(name) for name, _, _ in checks)
        for name, value, ok in checks:
            print(f"  {'ok  ' if ok else 'FAIL'}  {name:<{width}}  {value}")
        for line in (missing[:10] + [f"differs: {d}" for d in different[:10]] + [f"stray: {s}" for s in stray[:10]]
                     + self.ledger.failures[:20]):
            print(f"    {line}")
        passed = all(ok for _, _, ok in checks)
        print(f"\nsoak: {'PASS' if passed else 'FAIL'} (work directory {self.work})")
        return passed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--assocmon", required=True)
    parser.add_argument("--load", required=True)
    parser.add_argument("--duration", type=int, default=600)
    parser.add_argument("--workdir")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    if args.duration < 20:
        parser.error("--duration must be at least 20 s")
    soak = Soak(args)
    try:
        passed = soak.run()
    finally:
        if soak.process is not None and soak.process.poll() is None:
            soak.process.kill()
            soak.process.wait()
    if passed and not args.keep and not args.workdir:
        import shutil
        shutil.rmtree(soak.work, ignore_errors=True)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
