"""A cell printing N lines, run through jupyter_client as Notebook's server would.

Prints one JSON line: the reply status, how many stream messages and lines
arrived, whether every line arrived in order, and whether `idle` came.
Run with JUPYTER_PATH=<repo>/kernel /usr/bin/python3 flood_client.py N
"""
import json
import sys

from jupyter_client.manager import start_new_kernel

n = int(sys.argv[1])
km, kc = start_new_kernel(kernel_name="descent")
try:
    chunks = []

    def hook(msg):
        if msg["msg_type"] == "stream":
            chunks.append(msg["content"]["text"])

    # execute_interactive returns only once the kernel's `idle` for the request has arrived.
    reply = kc.execute_interactive(f'for (let i = 0; i < {n}; i++) console.log("line " + i)', timeout=600, output_hook=hook)
    lines = "".join(chunks).splitlines()
    print(json.dumps({
        "status": reply["content"]["status"],
        "messages": len(chunks),
        "lines": len(lines),
        "in_order": lines == [f"line {i}" for i in range(n)],
        "idle": True,
    }))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    del kc, km
