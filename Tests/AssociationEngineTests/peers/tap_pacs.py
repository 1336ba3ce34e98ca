#!/usr/bin/env python3
"""A pynetdicom "PACS" for the tap tests, on 127.0.0.1 with a port chosen by the kernel. Prints "PORT <n>" once
listening, then one line per event: "ECHO", "FIND", "GET", "STORED <SOP Instance UID> <bytes>", "ACTION <txn>",
"REPORTED <status>", "RELEASED", "ABORTED", and for the services of tap_modality.py's "services" mode:
"REQUESTED <what the A-ASSOCIATE-RQ negotiated, as JSON>", "MOVE", "CANCELLED <matches sent>", "N-CREATE",
"N-SET <copies>", "N-GET", "N-DELETE". Runs until killed, or for TIMEOUT seconds.

usage: tap_pacs.py AE_TITLE MAX_PDU [TIMEOUT]

Serves Verification; Study Root FIND (three matches, each a pending response); Study Root GET (two CT instances
sent back as C-STORE sub-operations on the same association, which needs the SCP role for CT Image Storage);
CT Image Storage (a data set whose PatientID is "ABORT" makes it abort the association mid-store); Storage
Commitment Push Model (the N-ACTION is answered, then the N-EVENT-REPORT sent on the same association). After a
C-ECHO from the calling AE title RELEASEME it asks for the release itself ("PACS RELEASE released" once answered).
Its called AE title must be AE_TITLE: any other is rejected 1/1/7 (PS3.8 Table 9-21). A Study Root MOVE is
answered "move destination unknown" (0xA801); a FIND for PatientName "Slow*" sends a match every 0.2 s until it is
cancelled (0xFE00); a Basic Film Session can be created, set, read and deleted.
"""
import json
import sys
import threading
import time

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ImplicitVRLittleEndian, generate_uid
from pynetdicom import AE, evt

VERIFICATION = "1.2.840.10008.1.1"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
STUDY_FIND = "1.2.840.10008.5.1.4.1.2.2.1"
STUDY_GET = "1.2.840.10008.5.1.4.1.2.2.3"
COMMITMENT = "1.2.840.10008.1.20.1"
COMMITMENT_INSTANCE = "1.2.840.10008.1.20.1.1"
STUDY_MOVE = "1.2.840.10008.5.1.4.1.2.2.2"
FILM_SESSION = "1.2.840.10008.5.1.1.1"
SYNTAXES = ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]


def say(line):
    print(line, flush=True)


def ct_instance(number):
    ds = Dataset()
    ds.SOPClassUID = CT_IMAGE
    ds.SOPInstanceUID = generate_uid()
    ds.PatientName = "Tap^Get"
    ds.PatientID = "TAP-GET"
    ds.StudyInstanceUID = "1.2.826.0.1.3680043.9.3811.7.1"
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "CT"
    ds.InstanceNumber = number
    ds.Rows = 64
    ds.Columns = 64
    ds.BitsAllocated = 16
    ds.BitsStored = 12
    ds.HighBit = 11
    ds.PixelRepresentation = 0
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelData = bytes((i * 5 + number) % 251 for i in range(64 * 64 * 2))
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    return ds


def on_echo(event):
    say("ECHO")
    if event.assoc.requestor.ae_title.strip() == "RELEASEME":
        # The PACS ends the association itself, after its C-ECHO-RSP has gone out.
        def release():
            time.sleep(0.2)
            event.assoc.release()
            say(f"PACS RELEASE {'released' if event.assoc.is_released else 'not released'}")

        threading.Thread(target=release, daemon=True).start()
    return 0x0000


def on_requested(event):
    requestor = event.assoc.requestor
    identity = requestor.user_identity
    say("REQUESTED " + json.dumps({
        "maxPDU": requestor.maximum_length,
        "asyncWindow": list(requestor.asynchronous_operations),
        "extended": {uid: info.hex() for uid, info in (requestor.sop_class_extended or {}).items()},
        "userIdentity": None if identity is None else {
            "type": identity.user_identity_type, "primary": identity.primary_field.decode(),
            "secondary": (identity.secondary_field or b"").decode()},
    }))


def on_move(event):
    say("MOVE")
    yield None, None  # an unknown move destination: pynetdicom answers 0xA801


def slow_find(event):
    for number in range(1, 21):
        if event.is_cancelled:
            say(f"CANCELLED {number - 1}")
            yield 0xFE00, None
            return
        match = Dataset()
        match.QueryRetrieveLevel = "STUDY"
        match.PatientName = f"Slow^Patient{number}"
        match.StudyInstanceUID = f"1.2.826.0.1.3680043.9.3811.8.{number}"
        yield 0xFF00, match
        time.sleep(0.2)
    yield 0x0000, None


film_sessions = {}


def on_n_create(event):
    say("N-CREATE")
    session = event.attribute_list
    film_sessions[str(event.request.AffectedSOPInstanceUID)] = session
    return 0x0000, session


def on_n_set(event):
    session = film_sessions.get(str(event.request.RequestedSOPInstanceUID))
    if session is None:
        return 0x0112, None
    session.update(event.modification_list)
    say(f"N-SET {session.NumberOfCopies}")
    return 0x0000, session


def on_n_get(event):
    say("N-GET")
    session = film_sessions.get(str(event.request.RequestedSOPInstanceUID))
    return (0x0000, session) if session is not None else (0x0112, None)


def on_n_delete(event):
    say("N-DELETE")
    return 0x0000 if film_sessions.pop(str(event.request.RequestedSOPInstanceUID), None) is not None else 0x0112


def on_find(event):
    if str(getattr(event.identifier, "PatientName", "")).startswith("Slow"):
        yield from slow_find(event)
        return
    say("FIND")
    for number in range(1, 4):
        match = Dataset()
        match.QueryRetrieveLevel = "STUDY"
        match.PatientName = f"Tap^Patient{number}"
        match.StudyInstanceUID = f"1.2.826.0.1.3680043.9.3811.7.{number}"
        yield 0xFF00, match
    yield 0x0000, None


def on_get(event):
    say("GET")
    instances = [ct_instance(1), ct_instance(2)]
    yield len(instances)
    for ds in instances:
        yield 0xFF00, ds


def on_store(event):
    ds = event.dataset
    if getattr(ds, "PatientID", "") == "ABORT":
        say("ABORTING")
        event.assoc.abort()
        return 0xC000
    data = event.request.DataSet.getvalue()
    say(f"STORED {event.request.AffectedSOPInstanceUID} {len(data)}")
    return 0x0000


def on_action(event):
    request = event.action_information
    txn = request.TransactionUID
    say(f"ACTION {txn}")

    def report():
        time.sleep(0.2)
        info = Dataset()
        info.TransactionUID = txn
        info.ReferencedSOPSequence = request.ReferencedSOPSequence
        status, _ = event.assoc.send_n_event_report(info, 1, COMMITMENT, COMMITMENT_INSTANCE)
        say(f"REPORTED {getattr(status, 'Status', -1)}")

    threading.Thread(target=report, daemon=True).start()
    return 0x0000, None


def main():
    title = sys.argv[1]
    max_pdu = int(sys.argv[2])
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0
    ae = AE(ae_title=title)
    ae.require_called_aet = True
    ae.maximum_pdu_size = max_pdu
    ae.add_supported_context(VERIFICATION, SYNTAXES)
    ae.add_supported_context(STUDY_FIND, SYNTAXES)
    ae.add_supported_context(STUDY_GET, SYNTAXES)
    ae.add_supported_context(COMMITMENT, SYNTAXES)
    ae.add_supported_context(CT_IMAGE, SYNTAXES, scu_role=True, scp_role=True)
    ae.add_supported_context(STUDY_MOVE, SYNTAXES)
    ae.add_supported_context(FILM_SESSION, SYNTAXES)
    handlers = [
        (evt.EVT_C_ECHO, on_echo),
        (evt.EVT_C_FIND, on_find),
        (evt.EVT_C_GET, on_get),
        (evt.EVT_C_STORE, on_store),
        (evt.EVT_N_ACTION, on_action),
        (evt.EVT_REQUESTED, on_requested),
        (evt.EVT_C_MOVE, on_move),
        (evt.EVT_N_CREATE, on_n_create),
        (evt.EVT_N_SET, on_n_set),
        (evt.EVT_N_GET, on_n_get),
        (evt.EVT_N_DELETE, on_n_delete),
        (evt.EVT_RELEASED, lambda event: say("RELEASED")),
        (evt.EVT_ABORTED, lambda event: say("ABORTED")),
    ]
    server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=handlers)
    say(f"PORT {server.server_address[1]}")
    threading.Event().wait(timeout)
    server.shutdown()


if __name__ == "__main__":
    main()
