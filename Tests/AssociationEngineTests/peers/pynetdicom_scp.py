#!/usr/bin/env python3
"""A pynetdicom SCP for the requestor tests: Verification and CT Image Storage on 127.0.0.1, port chosen by the
kernel. Prints "PORT <n>" once listening, then one line per event: "STORED <SOP Instance UID> <bytes>",
"ECHO", "RELEASED", "ABORTED". Runs until killed, or for TIMEOUT seconds.

usage: pynetdicom_scp.py AE_TITLE [TIMEOUT]

Its called AE title must be AE_TITLE: any other is rejected 1/1/7 (PS3.8 Table 9-21).
"""
import sys
import threading

from pynetdicom import AE, evt

VERIFICATION = "1.2.840.10008.1.1"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
SYNTAXES = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]


def say(line):
    print(line, flush=True)


def on_store(event):
    data = event.request.DataSet.getvalue()
    say(f"STORED {event.request.AffectedSOPInstanceUID} {len(data)}")
    return 0x0000


def on_echo(event):
    say("ECHO")
    return 0x0000


def main():
    title = sys.argv[1]
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    ae = AE(ae_title=title)
    ae.require_called_aet = True
    ae.add_supported_context(VERIFICATION, SYNTAXES)
    ae.add_supported_context(CT_IMAGE, SYNTAXES)
    handlers = [
        (evt.EVT_C_STORE, on_store),
        (evt.EVT_C_ECHO, on_echo),
        (evt.EVT_RELEASED, lambda event: say("RELEASED")),
        (evt.EVT_ABORTED, lambda event: say("ABORTED")),
    ]
    server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=handlers)
    say(f"PORT {server.server_address[1]}")
    threading.Event().wait(timeout)
    server.shutdown()


if __name__ == "__main__":
    main()
