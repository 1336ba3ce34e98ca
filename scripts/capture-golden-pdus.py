#!/usr/bin/env python3
"""Capture golden DICOM Upper Layer PDUs from real peers into Tests/DICOMUpperLayerTests/Fixtures/.

A tiny acceptor on 127.0.0.1 (ephemeral port) records every PDU a requestor sends and answers just enough
(A-ASSOCIATE-AC accepting every context, C-ECHO-RSP / C-STORE-RSP, A-RELEASE-RP) to draw out the PDUs we
want. Requestors: DCMTK /usr/bin/echoscu and /usr/bin/storescu, and pynetdicom. Real acceptor answers
(A-ASSOCIATE-AC, -RJ, A-RELEASE-RP) are captured by replaying a captured RQ against DCMTK /usr/bin/storescp
and a pynetdicom SCP.

Usage: python3 scripts/capture-golden-pdus.py [output-dir]
Everything runs on 127.0.0.1; every spawned process is waited for or killed by pid, with timeouts.
"""
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "DICOMUpperLayerTests", "Fixtures")
IMPL_UID = b"2.25.160139753137924786012587465418463120817"  # made-up capture-tool implementation class UID
IMPL_NAME = b"ASSOCMON_CAPTURE"
VERIFICATION = "1.2.840.10008.1.1"


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def recv_pdu(sock):
    header = recv_exact(sock, 6)
    length = struct.unpack(">I", header[2:6])[0]
    if length > 1 << 20:
        raise ValueError("PDU too large")
    return header + recv_exact(sock, length)


def item(kind, value, reserved=0):
    return struct.pack(">BBH", kind, reserved, len(value)) + value


def items(data):
    """Yield (type, reserved, value) of a sequence of 16-bit-length items."""
    i = 0
    while i + 4 <= len(data):
        kind, reserved, length = struct.unpack(">BBH", data[i:i + 4])
        yield kind, reserved, data[i + 4:i + 4 + length]
        i += 4 + length


def build_ac(rq):
    """An A-ASSOCIATE-AC accepting every context with its first transfer syntax, echoing bytes 7-74."""
    body = rq[6:74]
    ctxs = b""
    echo = b""
    for kind, _, value in items(rq[74:]):
        if kind == 0x20:
            pcid = value[0]
            ts = [v for k, _, v in items(value[4:]) if k == 0x40]
            ctxs += item(0x21, bytes([pcid, 0, 0, 0]) + item(0x40, ts[0] if ts else b""))
        elif kind == 0x50:
            for sk, sr, sv in items(value):
                if sk == 0x54:  # accept proposed roles as proposed
                    echo += item(0x54, sv)
                elif sk == 0x56:
                    echo += item(0x56, sv)
                elif sk == 0x58 and len(sv) > 1 and sv[1] == 1:
                    echo += item(0x59, struct.pack(">H", 0))
    ui = item(0x51, struct.pack(">I", 16384)) + item(0x52, IMPL_UID) + echo + item(0x55, IMPL_NAME)
    body = body[:2] + b"\x00\x00" + body[4:] + item(0x10, b"1.2.840.10008.3.1.1.1") + ctxs + item(0x50, ui)
    return struct.pack(">BBI", 2, 0, len(body)) + body


def parse_command(data):
    elements = {}
    i = 0
    while i + 8 <= len(data):
        group, elem, length = struct.unpack("<HHI", data[i:i + 8])
        elements[(group, elem)] = data[i + 8:i + 8 + length]
        i += 8 + length
    return elements


def element(elem, value):
    return struct.pack("<HHI", 0x0000, elem, len(value)) + value


def uid_value(raw):
    return raw if len(raw) % 2 == 0 else raw + b"\x00"


def response(cmd, field):
    body = b""
    if (0, 2) in cmd:
        body += element(0x0002, uid_value(cmd[(0, 2)].rstrip(b"\x00")))
    body += element(0x0100, struct.pack("<H", field))
    body += element(0x0120, cmd[(0, 0x0110)])
    body += element(0x0800, struct.pack("<H", 0x0101))
    body += element(0x0900, struct.pack("<H", 0))
    if (0, 0x1000) in cmd:
        body += element(0x1000, uid_value(cmd[(0, 0x1000)].rstrip(b"\x00")))
    command = element(0x0000, struct.pack("<I", len(body))) + body
    return command


def pdata(pcid, header, fragment):
    pdv = struct.pack(">IBB", len(fragment) + 2, pcid, header) + fragment
    return struct.pack(">BBI", 4, 0, len(pdv)) + pdv


class Acceptor:
    """Records the PDUs of one association per connection into self.sessions (list of lists of bytes)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(20)
        self.port = self.sock.getsockname()[1]
        self.sessions = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            pdus = []
            self.sessions.append(pdus)
            conn.settimeout(20)
            try:
                self.handle(conn, pdus)
            except (EOFError, OSError, ValueError):
                pass
            finally:
                conn.close()

    def handle(self, conn, pdus):
        command = {}
        buffers = {}
        while True:
            pdu = recv_pdu(conn)
            pdus.append(pdu)
            kind = pdu[0]
            if kind == 1:
                conn.sendall(build_ac(pdu))
            elif kind == 4:
                i = 6
                while i < len(pdu):
                    length, pcid, mch = struct.unpack(">IBB", pdu[i:i + 6])
                    frag = pdu[i + 6:i + 4 + length]
                    i += 4 + length
                    key = mch & 1
                    buffers[key] = buffers.get(key, b"") + frag
                    if mch & 2 == 0:
                        continue
                    if key == 1:
                        command = parse_command(buffers.pop(1))
                        field = struct.unpack("<H", command.get((0, 0x0100), b"\0\0"))[0]
                        has_data = struct.unpack("<H", command.get((0, 0x0800), b"\x01\x01"))[0] != 0x0101
                        if field == 0x0030:
                            conn.sendall(pdata(pcid, 3, response(command, 0x8030)))
                        elif field == 0x0001 and not has_data:
                            conn.sendall(pdata(pcid, 3, response(command, 0x8001)))
                    else:
                        buffers.pop(0, None)
                        conn.sendall(pdata(pcid, 3, response(command, 0x8001)))
            elif kind == 5:
                conn.sendall(bytes([6, 0, 0, 0, 0, 4, 0, 0, 0, 0]))
                return
            elif kind == 7:
                return

    def close(self):
        self.sock.close()


def run(argv, timeout=30):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return proc.returncode, out.decode(errors="replace")


def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes, type 0x{data[0]:02X}")


def first(pdus, kind, nth=0):
    matches = [p for p in pdus if p[0] == kind]
    return matches[nth] if len(matches) > nth else None


def capture_dcmtk(acceptor, tmp):
    port = str(acceptor.port)
    sessions = {}
    for label, args in [
        ("echoscu", ["/usr/bin/echoscu", "-aet", "ECHOSCU", "-aec", "ASSOCMON", "127.0.0.1", port]),
        ("echoscu-128pc", ["/usr/bin/echoscu", "-aet", "ECHOSCU", "-aec", "ASSOCMON", "-ppc", "128", "-pts", "3",
                           "127.0.0.1", port]),
        ("echoscu-abort", ["/usr/bin/echoscu", "-aet", "ECHOSCU", "-aec", "ASSOCMON", "--abort", "127.0.0.1", port]),
        ("storescu", ["/usr/bin/storescu", "-aet", "STORESCU", "-aec", "ASSOCMON", "-xi", "127.0.0.1", port,
                      os.path.join(tmp, "small.dcm")]),
    ]:
        before = len(acceptor.sessions)
        code, out = run(args)
        deadline = time.time() + 5
        while len(acceptor.sessions) <= before and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        sessions[label] = acceptor.sessions[before] if len(acceptor.sessions) > before else []
        print(f"{label}: exit {code}, {len(sessions[label])} PDUs")
        if code != 0:
            print(out)
    save("dcmtk-echoscu-associate-rq.bin", first(sessions["echoscu"], 1))
    save("dcmtk-echoscu-p-data-tf.bin", first(sessions["echoscu"], 4))
    save("dcmtk-echoscu-release-rq.bin", first(sessions["echoscu"], 5))
    save("dcmtk-echoscu-128pc-associate-rq.bin", first(sessions["echoscu-128pc"], 1))
    save("dcmtk-echoscu-abort.bin", first(sessions["echoscu-abort"], 7))
    save("dcmtk-storescu-associate-rq.bin", first(sessions["storescu"], 1))
    save("dcmtk-storescu-p-data-tf-command.bin", first(sessions["storescu"], 4, 0))
    save("dcmtk-storescu-p-data-tf-dataset.bin", first(sessions["storescu"], 4, 1))
    return sessions


def capture_pynetdicom(acceptor):
    from pynetdicom import AE, build_role
    from pynetdicom.pdu_primitives import (SOPClassCommonExtendedNegotiation, SOPClassExtendedNegotiation,
                                           UserIdentityNegotiation, AsynchronousOperationsWindowNegotiation)
    ae = AE(ae_title="PYNETDICOM")
    ae.add_requested_context(VERIFICATION)
    ae.add_requested_context("1.2.840.10008.5.1.4.1.1.2", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"])
    ae.add_requested_context("1.2.840.10008.5.1.4.1.2.2.3")
    ext = []
    ext.append(build_role("1.2.840.10008.5.1.4.1.1.2", scu_role=True, scp_role=True))
    ext.append(build_role("1.2.840.10008.5.1.4.1.2.2.3", scp_role=True))
    identity = UserIdentityNegotiation()
    identity.user_identity_type = 2
    identity.positive_response_requested = True
    identity.primary_field = b"operator"
    identity.secondary_field = b"s3cret"
    ext.append(identity)
    neg = SOPClassExtendedNegotiation()
    neg.sop_class_uid = "1.2.840.10008.5.1.4.1.2.2.1"
    neg.service_class_application_information = b"\x01\x01\x01"
    ext.append(neg)
    common = SOPClassCommonExtendedNegotiation()
    common.sop_class_uid = "1.2.840.10008.5.1.4.1.1.2"
    common.service_class_uid = "1.2.840.10008.4.2"
    common.related_general_sop_class_identification = ["1.2.840.10008.5.1.4.1.1.2.1"]
    ext.append(common)
    window = AsynchronousOperationsWindowNegotiation()
    window.maximum_number_operations_invoked = 2
    window.maximum_number_operations_performed = 3
    ext.append(window)

    sessions = {}
    for label, finish in [("pynetdicom", "release"), ("pynetdicom-abort", "abort")]:
        before = len(acceptor.sessions)
        assoc = ae.associate("127.0.0.1", acceptor.port, ae_title="ASSOCMON", ext_neg=ext)
        if assoc.is_established:
            assoc.send_c_echo()
            assoc.release() if finish == "release" else assoc.abort()
        time.sleep(0.5)
        sessions[label] = acceptor.sessions[before] if len(acceptor.sessions) > before else []
        print(f"{label}: {len(sessions[label])} PDUs")
    save("pynetdicom-associate-rq.bin", first(sessions["pynetdicom"], 1))
    save("pynetdicom-p-data-tf.bin", first(sessions["pynetdicom"], 4))
    save("pynetdicom-release-rq.bin", first(sessions["pynetdicom"], 5))
    save("pynetdicom-abort.bin", first(sessions["pynetdicom-abort"], 7))
    return sessions


def exchange(port, rq, then=None):
    """Send `rq` to an acceptor; return its answer, and the answer to `then` if given."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(rq)
        answer = recv_pdu(s)
        second = None
        if then is not None and answer[0] == 2:
            s.sendall(then)
            second = recv_pdu(s)
        return answer, second


def wait_port(port, deadline=10):
    end = time.time() + deadline
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def capture_acceptors(storescu_rq, pynetdicom_rq, tmp):
    release = bytes([5, 0, 0, 0, 0, 4, 0, 0, 0, 0])
    port = free_port()
    proc = subprocess.Popen(["/usr/bin/storescp", "-od", tmp, "-aet", "ASSOCMON", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if wait_port(port):
            ac, rp = exchange(port, storescu_rq, release)
            save("dcmtk-storescp-associate-ac.bin", ac)
            save("dcmtk-storescp-release-rp.bin", rp)
    finally:
        proc.kill()
        proc.wait()
    port = free_port()
    proc = subprocess.Popen(["/usr/bin/storescp", "--refuse", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if wait_port(port):
            rj, _ = exchange(port, storescu_rq)
            save("dcmtk-storescp-associate-rj.bin", rj)
    finally:
        proc.kill()
        proc.wait()

    from pynetdicom import AE, evt
    from pynetdicom.sop_class import Verification, CTImageStorage
    ae = AE(ae_title="ASSOCMON")
    ae.add_supported_context(Verification)
    ae.add_supported_context(CTImageStorage, ["1.2.840.10008.1.2"], scu_role=True, scp_role=True)
    server = ae.start_server(("127.0.0.1", 0), block=False,
                             evt_handlers=[(evt.EVT_USER_ID, lambda event: (True, None))])
    try:
        ac, _ = exchange(server.server_address[1], pynetdicom_rq)
        save("pynetdicom-scp-associate-ac.bin", ac)
    finally:
        server.shutdown()


def make_small_dataset(path):
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ImplicitVRLittleEndian, SecondaryCaptureImageStorage
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.8.498.1"
    meta.TransferSyntaxUID = ImplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = SecondaryCaptureImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = "Golden^Fixture"
    ds.PatientID = "GOLD1"
    ds.Modality = "OT"
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.8.498.2"
    ds.SeriesInstanceUID = "1.2.826.0.1.3680043.8.498.3"
    ds.Rows = ds.Columns = 4
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit = 7
    ds.PixelRepresentation = 0
    ds.PixelData = bytes(range(16))
    ds.save_as(path, enforce_file_format=True)


def main():
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        make_small_dataset(os.path.join(tmp, "small.dcm"))
        acceptor = Acceptor()
        try:
            capture_dcmtk(acceptor, tmp)
            pyn = capture_pynetdicom(acceptor)
        finally:
            acceptor.close()
        with open(os.path.join(OUT, "dcmtk-storescu-associate-rq.bin"), "rb") as f:
            storescu_rq = f.read()
        capture_acceptors(storescu_rq, first(pyn["pynetdicom"], 1), tmp)


if __name__ == "__main__":
    main()
