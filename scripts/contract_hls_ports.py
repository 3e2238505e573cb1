"""The port list of qmac_dot_top as Vitis HLS synthesizes it (hls/README.md, between the `contract:` markers),
derived from the top's INTERFACE pragmas and the contract's widths; no Vitis runs here. The pragmas are
read from hls/src/qmac_dot_top.cpp and must be the ones this derivation knows, so that the table cannot
drift from the code: a changed pragma fails `scripts/contract --check` until this file follows it."""
import os
import re
import sys

TOP = "hls/src/qmac_dot_top.cpp"
# The pragmas the table below is derived from: (mode, port, bundle).
PRAGMAS = [("axis", "s_axis", None), ("axis", "m_axis", None),
           ("s_axilite", "n_beats", "control"), ("s_axilite", "return", "control")]
CONTROL_SCALARS = 1  # n_beats: one 32-bit register (0x10) after AP_CTRL, GIE, IER, ISR


def axis_bytes(bits):
    return (bits + 7) // 8


def axis_in_data_bits(c, lanes):
    """TDATA of s_axis: the flat beat without `last` (TLAST), padded to bytes (hw::axis_in_data_bits)."""
    fields, total = c.beat_fields()
    return 8 * axis_bytes(lanes * c.lane_bits() + total - 1)


def axis_out_data_bits(c):
    return 8 * axis_bytes(c.types["out_bits"])


def read_pragmas(root):
    path = os.path.join(root, TOP)
    found = []
    for line in open(path):
        m = re.match(r"\s*#\s*pragma\s+HLS\s+INTERFACE\s+(.*)", line)
        if m:
            words = dict(w.split("=", 1) if "=" in w else (w, "") for w in m.group(1).split())
            mode = next((w for w, v in words.items() if v == "" and w != "mode"), words.get("mode"))
            found.append((mode, words.get("port"), words.get("bundle")))
    if found != PRAGMAS:
        sys.exit(f"qmac: error: {TOP}: INTERFACE pragmas {found} are not the ones the port list in hls/README.md "
                 f"is derived from ({PRAGMAS}); update scripts/contract_hls_ports.py")


def gen_port_table(c, root):
    read_pragmas(root)
    lanes = [n for n in c.lanes["prebuilt"]]
    if c.lanes["default"] not in lanes:
        lanes.append(c.lanes["default"])
    fields, total = c.beat_fields()
    din = {n: axis_in_data_bits(c, n) for n in lanes}
    dout = axis_out_data_bits(c)
    # Vitis' s_axilite register map: 0x00 AP_CTRL, 0x04 GIE, 0x08 IER, 0x0C ISR, then 8 bytes per scalar.
    addr_bits = (0x10 + 8 * CONTROL_SCALARS - 1).bit_length()
    per_lanes = ", ".join(f"{din[n]} (LANES {n})" for n in lanes)
    keep = ", ".join(f"{din[n] // 8}" for n in lanes)
    L = ["| port | dir | width | what |", "|---|---|---|---|",
         "| `ap_clk` | in | 1 | the clock |",
         "| `ap_rst_n` | in | 1 | reset, active low |",
         f"| `s_axis_TDATA` | in | 8 x ceil(({c.lane_bits()} x LANES + {total - 1}) / 8): {per_lanes} | "
         "the flat beat without `last` (`hw::axis_in_data_bits`), zero-padded |",
         f"| `s_axis_TKEEP`, `s_axis_TSTRB` | in | TDATA / 8: {keep} | not read (every beat is whole) |",
         "| `s_axis_TLAST` | in | 1 | `last`: the last beat of a group |",
         "| `s_axis_TVALID` / `s_axis_TREADY` | in / out | 1 / 1 | handshake |",
         f"| `m_axis_TDATA` | out | {dout} | y sign-extended (`hw::kAxisOutDataBits`) |",
         f"| `m_axis_TKEEP`, `m_axis_TSTRB` | out | {dout // 8} | all ones |",
         "| `m_axis_TLAST` | out | 1 | 1 on every word: each is the whole output of one group |",
         "| `m_axis_TVALID` / `m_axis_TREADY` | out / in | 1 / 1 | handshake |",
         f"| `s_axi_control_AWADDR`, `s_axi_control_ARADDR` | in | {addr_bits} | register map: 0x00 AP_CTRL "
         "(ap_start, ap_done, ap_idle, ap_ready, auto_restart), 0x04 GIE, 0x08 IER, 0x0C ISR, 0x10 `n_beats` |",
         "| `s_axi_control_WDATA` / `s_axi_control_RDATA` | in / out | 32 / 32 | |",
         "| `s_axi_control_WSTRB` | in | 4 | |",
         "| `s_axi_control_RRESP`, `s_axi_control_BRESP` | out | 2 | |",
         "| `s_axi_control_{AW,W,AR}VALID` / `{AW,W,AR}READY` | in / out | 1 | |",
         "| `s_axi_control_{R,B}VALID` / `{R,B}READY` | out / in | 1 | |",
         "| `interrupt` | out | 1 | ap_done / ap_ready interrupt (GIE, IER) |"]
    return "\n".join(L)


def gen_width_asserts(c):
    """C++ static_asserts of the table's TDATA widths against hw::axis_in_data_bits (interface.hpp)."""
    lanes = sorted(set(c.lanes["prebuilt"] + [c.lanes["default"]]))
    L = [f"static_assert(axis_in_data_bits({n}) == {axis_in_data_bits(c, n)}, \"hls/README.md's s_axis_TDATA width\");"
         for n in lanes]
    L.append(f"static_assert(kAxisOutDataBits == {axis_out_data_bits(c)}, \"hls/README.md's m_axis_TDATA width\");")
    return L
