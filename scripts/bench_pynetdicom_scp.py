#!/usr/bin/env python3
"""A small pynetdicom SCP for scripts/bench.sh: Verification and every Storage SOP class, each received
data set written to --output-dir as <SOP Instance UID>.dcm.

It uses pynetdicom's fastest storage path: STORE_RECV_CHUNKED_DATASET streams the data set to a temporary
file in DICOM File Format (constant memory, nothing decoded), and the handler only renames that file into
place. Listens on 127.0.0.1 only; SIGTERM or SIGINT stops it.
"""
import argparse
import os
import signal
import sys
import tempfile

from pynetdicom import AE, AllStoragePresentationContexts, _config, evt
from pynetdicom.sop_class import Verification

_config.STORE_RECV_CHUNKED_DATASET = True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--ae-title", default="BENCHSCP")
    parser.add_argument("--output-dir", required=True)
    parser.add_argument("--max-associations", type=int, default=10)
    parser.add_argument("--max-pdu", type=int, default=16382)
    parser.add_argument("--ignore", action="store_true", help="receive data sets and discard them")
    args = parser.parse_args()
    if args.ignore:
        # Received into memory undecoded and dropped: pynetdicom's cheapest path.
        _config.STORE_RECV_CHUNKED_DATASET = False
    os.makedirs(args.output_dir, exist_ok=True)
    # The temporary files pynetdicom writes go beside the output, so the rename never copies.
    tempfile.tempdir = args.output_dir

    def handle_echo(event):
        return 0x0000

    def handle_store(event):
        if args.ignore:
            return 0x0000
        uid = str(event.request.AffectedSOPInstanceUID).replace("/", "_")
        os.replace(event.dataset_path, os.path.join(args.output_dir, uid + ".dcm"))
        return 0x0000

    ae = AE(ae_title=args.ae_title)
    ae.maximum_associations = args.max_associations
    ae.maximum_pdu_size = args.max_pdu
    ae.add_supported_context(Verification)
    for context in AllStoragePresentationContexts:
        ae.add_supported_context(context.abstract_syntax, context.transfer_syntax)
    handlers = [(evt.EVT_C_ECHO, handle_echo), (evt.EVT_C_STORE, handle_store)]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"bench_pynetdicom_scp: listening on port {args.port}", file=sys.stderr, flush=True)
    try:
        ae.start_server(("127.0.0.1", args.port), block=True, evt_handlers=handlers)
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
