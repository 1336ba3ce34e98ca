#!/usr/bin/env python3
"""Requests an association from assocmon with pynetdicom, proposing role selection, user identity, SOP class
extended negotiation and an asynchronous operations window, then prints what came back as one JSON object:
per-context results and transfer syntaxes, or the exact reject triple. Used by the Swift real-peer tests.

usage: pynetdicom_negotiate.py PORT [--echo] [--timeout SECONDS] [--propose SOPCLASS=TS[,TS...]]...

With --propose, only the given presentation contexts are requested, with no extended negotiation.
"""
import json
import sys

from pynetdicom import AE, build_role
from pynetdicom.pdu_primitives import (
    AsynchronousOperationsWindowNegotiation,
    SOPClassExtendedNegotiation,
    UserIdentityNegotiation,
)

VERIFICATION = "1.2.840.10008.1.1"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"
MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
IMPLICIT = "1.2.840.10008.1.2"
EXPLICIT = "1.2.840.10008.1.2.1"


def main():
    port = int(sys.argv[1])
    echo = "--echo" in sys.argv
    timeout = 20.0
    if "--timeout" in sys.argv:
        timeout = float(sys.argv[sys.argv.index("--timeout") + 1])

    ae = AE(ae_title="PYNETDICOM")
    ae.acse_timeout = timeout
    ae.network_timeout = timeout
    proposals = [sys.argv[i + 1] for i, arg in enumerate(sys.argv[:-1]) if arg == "--propose"]
    for proposal in proposals:
        sop_class, syntaxes = proposal.split("=", 1)
        ae.add_requested_context(sop_class, syntaxes.split(","))
    if not proposals:
        ae.add_requested_context(VERIFICATION, [IMPLICIT])
        ae.add_requested_context(CT_IMAGE, [EXPLICIT, IMPLICIT])
        ae.add_requested_context(MR_IMAGE, [IMPLICIT])

    identity = UserIdentityNegotiation()
    identity.user_identity_type = 2
    identity.primary_field = b"alice"
    identity.secondary_field = b"s3cret-passcode"
    identity.positive_response_requested = True

    extended = SOPClassExtendedNegotiation()
    extended.sop_class_uid = CT_IMAGE
    extended.service_class_application_information = b"\x02\x00\x01\x00"

    window = AsynchronousOperationsWindowNegotiation()
    window.maximum_number_operations_invoked = 5
    window.maximum_number_operations_performed = 3

    roles = [build_role(CT_IMAGE, scu_role=True, scp_role=True)]
    assoc = ae.associate("127.0.0.1", port, ae_title="ASSOCMON",
                         ext_neg=[] if proposals else roles + [identity, extended, window])
    out = {"established": assoc.is_established, "rejected": None, "aborted": assoc.is_aborted, "contexts": []}
    if assoc.is_rejected:
        primitive = assoc.acceptor.primitive
        out["rejected"] = {"result": int(primitive.result), "source": int(primitive.result_source),
                           "reason": int(primitive.diagnostic)}
    if assoc.is_established:
        for context in assoc.accepted_contexts + assoc.rejected_contexts:
            out["contexts"].append({"id": context.context_id, "abstractSyntax": str(context.abstract_syntax),
                                    "result": int(context.result),
                                    "transferSyntax": str(context.transfer_syntax[0])
                                    if context.result == 0 and context.transfer_syntax else None,
                                    "scuRole": context.as_scu, "scpRole": context.as_scp})
        out["contexts"].sort(key=lambda c: c["id"])
        user_info = assoc.acceptor.user_identity if hasattr(assoc.acceptor, "user_identity") else None
        out["userIdentityResponse"] = user_info is not None
        if echo:
            status = assoc.send_c_echo()
            out["echoStatus"] = int(status.Status) if status else None
        assoc.release()
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
