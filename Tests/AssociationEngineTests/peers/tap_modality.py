#!/usr/bin/env python3
"""A pynetdicom requestor for the tap tests: one association to HOST PORT (called AE CALLED) that runs C-ECHO,
a Study Root C-FIND, a Study Root C-GET (receiving its C-STOREs with the SCP role for CT Image Storage), and a
Storage Commitment N-ACTION, waiting for the N-EVENT-REPORT on the same association; then releases. With
"abort-store" it instead sends one CT instance whose PatientID is "ABORT" (the tap PACS aborts mid-store).
With "services" it proposes an asynchronous operations window, a SOP class extended negotiation and a user
identity (for the PACS to report what reached it), then runs a C-MOVE (to a destination the PACS does not know),
a C-FIND that it cancels with a C-CANCEL-RQ after the first match, and N-CREATE, N-SET, N-GET and N-DELETE of a
Basic Film Session; then releases. With "abort" it sends one C-ECHO and then aborts the association itself.
Prints one JSON object.

usage: tap_modality.py HOST PORT CALLED MAX_PDU [all|abort-store|services|abort]
"""
import json
import sys
import threading
import time

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ImplicitVRLittleEndian, generate_uid
from pynetdicom import AE, build_role, evt
from pynetdicom.pdu_primitives import (AsynchronousOperationsWindowNegotiation, SOPClassExtendedNegotiation,
                                       UserIdentityNegotiation)

VERIFICATION = "1.2.840.10008.1.1"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
STUDY_FIND = "1.2.840.10008.5.1.4.1.2.2.1"
STUDY_GET = "1.2.840.10008.5.1.4.1.2.2.3"
COMMITMENT = "1.2.840.10008.1.20.1"
COMMITMENT_INSTANCE = "1.2.840.10008.1.20.1.1"
STUDY_MOVE = "1.2.840.10008.5.1.4.1.2.2.2"
FILM_SESSION = "1.2.840.10008.5.1.1.1"
SYNTAXES = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]


def main():
    host, port, called, max_pdu = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    mode = sys.argv[5] if len(sys.argv) > 5 else "all"
    result = {"established": False}
    stored = []
    reported = threading.Event()
    report = {}

    def on_store(event):
        stored.append({"sopInstanceUID": event.request.AffectedSOPInstanceUID,
                       "bytes": len(event.request.DataSet.getvalue())})
        return 0x0000

    def on_report(event):
        report["transactionUID"] = str(event.event_information.TransactionUID)
        report["eventTypeID"] = event.event_type
        reported.set()
        return 0x0000, None

    # Set once the N-EVENT-REPORT-RSP is queued for the wire: the PACS's thread that sent the report waits for
    # exactly that response, and anything of ours ahead of it (a C-ECHO-RQ, an A-RELEASE-RQ) makes it abort.
    report_answered = threading.Event()

    def on_sent(event):
        if type(event.message).__name__ == "N_EVENT_REPORT_RSP":
            report_answered.set()

    ae = AE(ae_title="TAPMOD")
    ae.maximum_pdu_size = max_pdu
    ae.acse_timeout = 20
    ae.dimse_timeout = 20
    for uid in (VERIFICATION, STUDY_FIND, STUDY_GET, COMMITMENT, CT_IMAGE, STUDY_MOVE, FILM_SESSION):
        ae.add_requested_context(uid, SYNTAXES)
    negotiation = [build_role(CT_IMAGE, scu_role=True, scp_role=True)]
    if mode == "services":
        window = AsynchronousOperationsWindowNegotiation()
        window.maximum_number_operations_invoked = 3
        window.maximum_number_operations_performed = 2
        extended = SOPClassExtendedNegotiation()
        extended.sop_class_uid = STUDY_FIND
        extended.service_class_application_information = b"\x01\x01"
        identity = UserIdentityNegotiation()
        identity.user_identity_type = 2
        identity.primary_field = b"tapuser"
        identity.secondary_field = b"tap-secret"
        identity.positive_response_requested = False
        negotiation += [window, extended, identity]
    handlers = [(evt.EVT_C_STORE, on_store), (evt.EVT_N_EVENT_REPORT, on_report), (evt.EVT_DIMSE_SENT, on_sent)]
    assoc = ae.associate(host, port, ae_title=called, max_pdu=max_pdu, ext_neg=negotiation, evt_handlers=handlers)
    if not assoc.is_established:
        if assoc.is_rejected and assoc.acceptor.primitive is not None:
            p = assoc.acceptor.primitive
            result["rejected"] = {"result": p.result, "source": p.result_source, "reason": p.diagnostic}
        result["aborted"] = assoc.is_aborted
        print(json.dumps(result))
        return
    result["established"] = True
    result["maxPDU"] = assoc.acceptor.maximum_length
    if mode == "abort-store":
        ds = Dataset()
        ds.SOPClassUID = CT_IMAGE
        ds.SOPInstanceUID = generate_uid()
        ds.PatientID = "ABORT"
        ds.Rows, ds.Columns, ds.BitsAllocated, ds.SamplesPerPixel = 316, 316, 16, 1
        ds.PixelData = bytes(316 * 316 * 2)
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
        try:
            status = assoc.send_c_store(ds)
            result["storeStatus"] = getattr(status, "Status", None)
        except Exception as error:  # the association went away under the store
            result["storeError"] = str(error)
        for _ in range(50):  # the A-ABORT may still be on its way
            if assoc.is_aborted:
                break
            time.sleep(0.1)
        result["aborted"] = assoc.is_aborted
        print(json.dumps(result))
        assoc.abort()
        return
    if mode == "services":
        services(assoc, result)
        print(json.dumps(result))
        return
    status = assoc.send_c_echo()
    result["echoStatus"] = getattr(status, "Status", None)
    if mode == "abort":
        assoc.abort()
        result["aborted"] = assoc.is_aborted
        print(json.dumps(result))
        return
    query = Dataset()
    query.QueryRetrieveLevel = "STUDY"
    query.PatientName = "Tap*"
    query.StudyInstanceUID = ""
    finds = [(getattr(s, "Status", None), i.PatientName if i is not None else None)
             for s, i in assoc.send_c_find(query, STUDY_FIND)]
    result["findStatuses"] = [s for s, _ in finds]
    result["findNames"] = [str(n) for _, n in finds if n is not None]
    get = Dataset()
    get.QueryRetrieveLevel = "STUDY"
    get.StudyInstanceUID = "1.2.826.0.1.3680043.9.3811.7.1"
    result["getStatuses"] = [getattr(s, "Status", None) for s, _ in assoc.send_c_get(get, STUDY_GET)]
    result["stored"] = stored
    action = Dataset()
    action.TransactionUID = generate_uid()
    item = Dataset()
    item.ReferencedSOPClassUID = CT_IMAGE
    item.ReferencedSOPInstanceUID = stored[0]["sopInstanceUID"] if stored else generate_uid()
    action.ReferencedSOPSequence = [item]
    status, _ = assoc.send_n_action(action, 1, COMMITMENT, COMMITMENT_INSTANCE)
    result["actionStatus"] = getattr(status, "Status", None)
    result["transactionUID"] = str(action.TransactionUID)
    result["reported"] = reported.wait(10)
    result["report"] = report
    # `reported` is set inside the handler, before pynetdicom sends its N-EVENT-REPORT-RSP: releasing at once could
    # put the A-RELEASE-RQ on the wire first, and P-DATA after one's own A-RELEASE-RQ is not allowed (PS3.8 §9.2,
    # Sta7), so the tap rightly aborts; a C-ECHO-RQ first makes the PACS abort (see `on_sent`).
    report_answered.wait(10)
    assoc.release()
    result["released"] = assoc.is_released
    print(json.dumps(result))


def services(assoc, result):
    """C-MOVE, a cancelled C-FIND, and the N-services of a Basic Film Session; then release."""
    move = Dataset()
    move.QueryRetrieveLevel = "STUDY"
    move.StudyInstanceUID = "1.2.826.0.1.3680043.9.3811.7.1"
    result["moveStatuses"] = [getattr(s, "Status", None) for s, _ in assoc.send_c_move(move, "NOWHERE", STUDY_MOVE)]
    query = Dataset()
    query.QueryRetrieveLevel = "STUDY"
    query.PatientName = "Slow*"
    query.StudyInstanceUID = ""
    context = next(c.context_id for c in assoc.accepted_contexts if c.abstract_syntax == STUDY_FIND)
    statuses = []
    for status, _ in assoc.send_c_find(query, STUDY_FIND, msg_id=9):
        statuses.append(getattr(status, "Status", None))
        if len(statuses) == 1:
            assoc.send_c_cancel(9, context)
    result["cancelledFindStatuses"] = statuses
    session = Dataset()
    session.NumberOfCopies = "1"
    instance = generate_uid()
    status, _ = assoc.send_n_create(session, FILM_SESSION, instance)
    result["createStatus"] = getattr(status, "Status", None)
    change = Dataset()
    change.NumberOfCopies = "2"
    status, _ = assoc.send_n_set(change, FILM_SESSION, instance)
    result["setStatus"] = getattr(status, "Status", None)
    status, attributes = assoc.send_n_get([0x20000010, 0x20000020], FILM_SESSION, instance)
    result["getStatus"] = getattr(status, "Status", None)
    result["copies"] = str(attributes.NumberOfCopies) if attributes is not None and "NumberOfCopies" in attributes \
        else None
    status = assoc.send_n_delete(FILM_SESSION, instance)
    result["deleteStatus"] = getattr(status, "Status", None)
    assoc.release()
    result["released"] = assoc.is_released


if __name__ == "__main__":
    main()
