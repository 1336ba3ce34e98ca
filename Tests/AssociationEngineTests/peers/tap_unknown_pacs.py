#!/usr/bin/env python3
"""A scripted PACS for relaying DIMSE messages no standard names (PS3.7 has no Command Field 0x0FF0), on raw
sockets, since no real SCP sends one. On 127.0.0.1 with a port chosen by the kernel; prints "PORT <n>" once
listening, then one line per step.

It accepts one association (every proposed context with its first transfer syntax). For the first P-DATA-TF it
prints "COMMAND <field> <message ID>" of the command set it carries, then sends a message of its own with Command
Field 0x0FF1 and Message ID 0x4242 on the same context ("SENT 0ff1"). It answers the A-RELEASE-RQ and waits for the
close.

usage: tap_unknown_pacs.py [TIMEOUT]
"""
import struct
import sys

from tap_colliding_pacs import RELEASE_RP, accept_one, associate_ac, receive_pdu


def command_elements(command):
    """(group 0000) elements of an Implicit VR Little Endian command set, as {element: value bytes}."""
    elements = {}
    index = 0
    while index + 8 <= len(command):
        _, element, length = struct.unpack("<HHI", command[index:index + 8])
        elements[element] = command[index + 8:index + 8 + length]
        index += 8 + length
    return elements


def command_set(fields):
    """An Implicit VR Little Endian command set: (0000,0000) first, then `fields` ({element: bytes}) in order."""
    body = b"".join(struct.pack("<HHI", 0, element, len(value)) + value for element, value in sorted(fields.items()))
    return struct.pack("<HHI", 0, 0, 4) + struct.pack("<I", len(body)) + body


def main():
    conn = accept_one(float(sys.argv[1]) if len(sys.argv) > 1 else 60)
    pdu_type, body = receive_pdu(conn)
    if pdu_type != 0x01:
        print("UNEXPECTED %r" % pdu_type, flush=True)
        return
    conn.sendall(associate_ac(body))
    print("ASSOCIATED", flush=True)
    while True:
        pdu_type, body = receive_pdu(conn)
        if pdu_type is None:
            print("CLOSED", flush=True)
            return
        if pdu_type == 0x04:
            _, context_id, header = struct.unpack(">IBB", body[:6])
            fields = command_elements(body[6:])
            field = struct.unpack("<H", fields.get(0x0100, b"\0\0"))[0]
            message_id = struct.unpack("<H", fields.get(0x0110, b"\0\0"))[0]
            print("COMMAND %04x %d" % (field, message_id), flush=True)
            own = command_set({0x0002: b"1.2.840.10008.1.1\0", 0x0100: struct.pack("<H", 0x0FF1),
                               0x0110: struct.pack("<H", 0x4242), 0x0800: struct.pack("<H", 0x0101)})
            pdv = struct.pack(">IBB", len(own) + 2, context_id, 0x03) + own
            conn.sendall(struct.pack(">BBI", 0x04, 0, len(pdv)) + pdv)
            print("SENT 0ff1", flush=True)
        elif pdu_type == 0x05:
            conn.sendall(RELEASE_RP)
            print("RELEASED", flush=True)
        else:
            print("UNEXPECTED %r" % pdu_type, flush=True)
            return


if __name__ == "__main__":
    main()
