"""A stand-in for Notebook's server: starts the descent kernel with
jupyter_client's KernelManager (which sets JPY_PARENT_PID and a new session),
prints {"parent": pid, "kernel": pid} and sleeps until killed.

JUPYTER_PATH=<repo>/kernel /usr/bin/python3 jupyter_client_parent.py
"""
import json
import os
import sys
import time

from jupyter_client.manager import KernelManager

km = KernelManager(kernel_name="descent")
km.start_kernel()
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=120)
print(json.dumps({"parent": os.getpid(), "kernel": km.provisioner.process.pid}), flush=True)
while True:
    time.sleep(60)
