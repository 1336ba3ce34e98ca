#!/usr/bin/env python3
"""A scripted PACS whose A-RELEASE-RQ crosses the tap's (PS3.8 §7.2.2), on raw sockets, since no real SCP sends one
on purpose. On 127.0.0.1 with a port chosen by the kernel; prints "PORT <n>" once listening, then one line per step.

It accepts one association (every proposed presentation context with its first transfer syntax, PS3.8 §9.3.3).
When the tap's A-RELEASE-RQ arrives it sends an A-RELEASE-RQ of its own, as a PACS would that had not read the
tap's yet. As the association acceptor it then waits for the requestor's A-RELEASE-RP (the requestor answers
first, PS3.8 Table 9-10 AR-9), answers with its own (AR-4) and waits for the close.

usage: tap_colliding_pacs.py [TIMEOUT]
"""
import socket
import struct
import sys

RELEASE_RQ = bytes([0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0])
RELEASE_RP = bytes([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0])
IMPLEMENTATION_CLASS_UID = b"1.2.3.4.5.6"


def receive_exactly(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def receive_pdu(conn):
    header = receive_exactly(conn, 6)
    if header is None:
        return None, None
    pdu_type, _, length = struct.unpack(">BBI", header)
    return pdu_type, receive_exactly(conn, length)


def item(item_type, value):
    return struct.pack(">BBH", item_type, 0, len(value)) + value


def associate_ac(rq_body):
    """The RQ's fixed fields (version, AE titles, reserved) with each presentation context accepted."""
    body = rq_body[:68]
    index = 68
    while index + 4 <= len(rq_body):
        item_type = rq_body[index]
        length = struct.unpack(">H", rq_body[index + 2:index + 4])[0]
        value = rq_body[index + 4:index + 4 + length]
        if item_type == 0x10:
            body += item(0x10, value)
        elif item_type == 0x20:
            context_id = value[0]
            sub = 4
            while sub + 4 <= len(value):
                sub_type = value[sub]
                sub_length = struct.unpack(">H", value[sub + 2:sub + 4])[0]
                if sub_type == 0x40:
                    body += item(0x21, bytes([context_id, 0, 0, 0]) + value[sub:sub + 4 + sub_length])
                    break
                sub += 4 + sub_length
        index += 4 + length
    user = item(0x51, struct.pack(">I", 16384)) + item(0x52, IMPLEMENTATION_CLASS_UID)
    body += item(0x50, user)
    return struct.pack(">BBI", 0x02, 0, len(body)) + body


def accept_one(timeout):
    """Listens on 127.0.0.1 (a port the kernel picks, printed as "PORT <n>") and returns the first connection."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(timeout)
    print("PORT %d" % listener.getsockname()[1], flush=True)
    conn, _ = listener.accept()
    conn.settimeout(timeout)
    return conn


def main():
    timeout = float(sys.argv[1]) if len(sys.argv) > 1 else 60
    conn = accept_one(timeout)
    # Each step: the PDU type that must arrive, what to send then, the line to print.
    steps = [
        (0x01, associate_ac, "ASSOCIATED"),
        (0x05, lambda _: RELEASE_RQ, "RELEASE-RQ from the tap"),
        (0x06, lambda _: RELEASE_RP, "RELEASE-RP from the tap"),
        (None, None, "CLOSED"),
    ]
    for expected, answer, line in steps:
        pdu_type, body = receive_pdu(conn)
        if pdu_type != expected:
            print("UNEXPECTED %r" % pdu_type, flush=True)
            return
        if answer:
            conn.sendall(answer(body))
        print(line, flush=True)

if __name__ == "__main__":
    main()
