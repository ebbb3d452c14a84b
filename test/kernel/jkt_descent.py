"""Jupyter's own kernel test suite (jupyter_kernel_test) run against descent.

Run with JUPYTER_PATH=<repo>/kernel python3 -m unittest test/kernel/jkt_descent.py
"""
import unittest

import jupyter_kernel_test as jkt


class DescentKernelTests(jkt.KernelTests):
    kernel_name = "descent"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'

    completion_samples = [
        {"text": "Math.flo", "matches": {"floor"}},
        {"text": 'import { lines } from "descent"; line', "matches": {"lines"}},
    ]

    complete_code_samples = ["1 + 1", "const x = 3", "function f() { return 1 }"]
    incomplete_code_samples = ["function f() {", "const a = [1,"]

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"abc".length', "result": "3"},
        {"code": "[1, 2].map((v) => v * 2)", "result": "[ 2, 4 ]"},
    ]

    code_display_data = [
        {"code": 'import { markdown } from "descent"; markdown("**hi**")', "mime": "text/markdown"},
        {"code": 'import { latex } from "descent"; latex("x^2")', "mime": "text/latex"},
        {"code": 'import { lines } from "descent"; lines([1, 2, 3]).show()', "mime": "application/vnd.plotly.v1+json"},
    ]

    code_history_pattern = "6 * *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = 'import { clearOutput } from "descent"; clearOutput()'


if __name__ == "__main__":
    unittest.main()
