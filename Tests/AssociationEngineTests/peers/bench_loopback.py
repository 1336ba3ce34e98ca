#!/usr/bin/env python3
"""Measures an SCP on 127.0.0.1 with raw sockets and pre-encoded PDUs (so the client costs little):
sequential associations per second (A-ASSOCIATE-RQ/AC, A-RELEASE-RQ/RP, close) and C-ECHOs per second in one
association. The SCP must accept Verification at once (assocmon --policy accept).

usage: bench_loopback.py PORT [SECONDS]
Prints one JSON object: {"associationsPerSecond": ..., "echoesPerSecond": ...}
"""
import json
import socket
import struct
import sys
import time

VERIFICATION = b"1.2.840.10008.1.1"
IMPLICIT = b"1.2.840.10008.1.2"


def item(kind, payload):
    return struct.pack(">BBH", kind, 0, len(payload)) + payload


def associate_rq():
    context = item(0x20, bytes([1, 0, 0, 0]) + item(0x30, VERIFICATION) + item(0x40, IMPLICIT))
    user = item(0x50, item(0x51, struct.pack(">I", 16384)) + item(0x52, b"1.2.3.4.5.6.7") + item(0x55, b"BENCH"))
    body = (struct.pack(">HH", 1, 0) + b"ASSOCMON".ljust(16) + b"BENCH".ljust(16) + bytes(32)
            + item(0x10, b"1.2.840.10008.3.1.1.1") + context + user)
    return struct.pack(">BBI", 1, 0, len(body)) + body


def echo_rq(message_id):
    def element(tag_element, value):
        return struct.pack("<HHI", 0, tag_element, len(value)) + value
    uid = VERIFICATION + b"\0"
    elements = (element(0x0002, uid) + element(0x0100, struct.pack("<H", 0x0030))
                + element(0x0110, struct.pack("<H", message_id)) + element(0x0800, struct.pack("<H", 0x0101)))
    command = element(0x0000, struct.pack("<I", len(elements))) + elements
    pdv = struct.pack(">IBB", len(command) + 2, 1, 3) + command
    return struct.pack(">BBI", 4, 0, len(pdv)) + pdv


RELEASE_RQ = bytes([5, 0, 0, 0, 0, 4, 0, 0, 0, 0])


def read_pdu(sock):
    header = b""
    while len(header) < 6:
        chunk = sock.recv(6 - len(header))
        if not chunk:
            raise ConnectionError("closed")
        header += chunk
    length = struct.unpack(">I", header[2:6])[0]
    body = b""
    while len(body) < length:
        chunk = sock.recv(length - len(body))
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return header[0], body


def connect(port):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def associations(port, seconds):
    rq = associate_rq()
    count = 0
    end = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < end:
        sock = connect(port)
        sock.sendall(rq)
        kind, _ = read_pdu(sock)
        if kind != 2:
            raise RuntimeError(f"expected A-ASSOCIATE-AC, got PDU type {kind}")
        sock.sendall(RELEASE_RQ)
        kind, _ = read_pdu(sock)
        if kind != 6:
            raise RuntimeError(f"expected A-RELEASE-RP, got PDU type {kind}")
        sock.close()
        count += 1
    return count / (time.perf_counter() - start)


def echoes(port, seconds):
    sock = connect(port)
    sock.sendall(associate_rq())
    if read_pdu(sock)[0] != 2:
        raise RuntimeError("not accepted")
    requests = [echo_rq(i) for i in range(1, 65536)]
    count = 0
    end = time.perf_counter() + seconds
    start = time.perf_counter()
    while time.perf_counter() < end:
        sock.sendall(requests[count % 65535])
        if read_pdu(sock)[0] != 4:
            raise RuntimeError("expected P-DATA-TF")
        count += 1
    elapsed = time.perf_counter() - start
    sock.sendall(RELEASE_RQ)
    read_pdu(sock)
    sock.close()
    return count / elapsed


def main():
    port = int(sys.argv[1])
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    result = {"associationsPerSecond": round(associations(port, seconds)),
              "echoesPerSecond": round(echoes(port, seconds))}
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
