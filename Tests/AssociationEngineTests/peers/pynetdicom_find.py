#!/usr/bin/env python3
"""One C-FIND with pynetdicom against PORT; prints a JSON summary of every response.

usage: pynetdicom_find.py PORT MODEL IDENTIFIER_JSON [CANCEL_AFTER]
MODEL: patient, study or worklist. IDENTIFIER_JSON: {"Keyword": value, ...}; a list value is a sequence of one
item given as an object. CANCEL_AFTER: send C-CANCEL-RQ after that many pending responses; 0 sends it right after
the C-FIND-RQ, before reading any response (through pynetdicom's DIMSE provider, as send_c_find would send it).
Output: {"established": bool, "statuses": [int...], "identifiers": [{"Keyword": str...}...]}
"""
import json
from io import BytesIO
import sys
import time

from pydicom.dataset import Dataset
from pynetdicom import AE
from pynetdicom.dimse_primitives import C_FIND
from pynetdicom.dsutils import decode, encode
from pynetdicom.sop_class import (
    ModalityWorklistInformationFind,
    PatientRootQueryRetrieveInformationModelFind,
    StudyRootQueryRetrieveInformationModelFind,
)

MODELS = {
    "patient": PatientRootQueryRetrieveInformationModelFind,
    "study": StudyRootQueryRetrieveInformationModelFind,
    "worklist": ModalityWorklistInformationFind,
}


def dataset(keys):
    ds = Dataset()
    for keyword, value in keys.items():
        if isinstance(value, dict):
            setattr(ds, keyword, [dataset(value)])
        else:
            setattr(ds, keyword, value)
    return ds


def flat(ds):
    out = {}
    for element in ds:
        if element.VR == "SQ":
            out[element.keyword] = [flat(item) for item in element.value]
        else:
            out[element.keyword] = str(element.value)
    return out


def cancel_at_once(assoc, context, model, ds, result):
    implicit = context.transfer_syntax[0] == "1.2.840.10008.1.2"
    request = C_FIND()
    request.MessageID = 7
    request.AffectedSOPClassUID = model
    request.Priority = 2
    request.Identifier = BytesIO(encode(ds, implicit, True))
    # As send_c_find does: pause the association's reactor so that it does not take the responses off the queue.
    assoc._reactor_checkpoint.clear()
    while not assoc._is_paused:
        time.sleep(0.0001)
    try:
        assoc.dimse.send_msg(request, context.context_id)
        assoc.send_c_cancel(7, context.context_id)
        read_responses(assoc, implicit, result)
    finally:
        assoc._reactor_checkpoint.set()


def read_responses(assoc, implicit, result):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        _, response = assoc.dimse.get_msg(block=False)
        if response is None:
            time.sleep(0.001)
            continue
        result["statuses"].append(int(response.Status))
        if response.Identifier is not None and response.Status in (0xFF00, 0xFF01):
            result["identifiers"].append(flat(decode(response.Identifier, implicit, True)))
        if response.Status not in (0xFF00, 0xFF01):
            break


def main():
    port, model, keys = int(sys.argv[1]), MODELS[sys.argv[2]], json.loads(sys.argv[3])
    cancel_after = int(sys.argv[4]) if len(sys.argv) > 4 else None
    ae = AE(ae_title="FINDSCU")
    ae.acse_timeout = 10
    ae.dimse_timeout = 20
    ae.add_requested_context(model)
    assoc = ae.associate("127.0.0.1", port, ae_title="ASSOCMON")
    result = {"established": assoc.is_established, "statuses": [], "identifiers": []}
    if assoc.is_established:
        context = next(cx for cx in assoc.accepted_contexts if cx.abstract_syntax == model)
        context_id = context.context_id
        if cancel_after == 0:
            cancel_at_once(assoc, context, model, dataset(keys), result)
            assoc.release()
            print(json.dumps(result))
            return
        pending = 0
        for status, identifier in assoc.send_c_find(dataset(keys), model, msg_id=7):
            if status is None:
                break
            result["statuses"].append(int(status.Status))
            if identifier is not None:
                result["identifiers"].append(flat(identifier))
            if status.Status in (0xFF00, 0xFF01):
                pending += 1
                if cancel_after is not None and pending == cancel_after:
                    assoc.send_c_cancel(7, context_id)
        assoc.release()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
