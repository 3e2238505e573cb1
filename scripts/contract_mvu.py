"""The MVU part of the contract ([mvu] of docs/contract.toml) that scripts/contract generates:
rtl/qmac_mvu_pkg.sv, hls/include/qmac/hls/mvu_interface.hpp and the tables of docs/mvu.md."""
import sys

from contract_model import HEADER, camel


def check(c):
    """Contradictions inside [mvu] are errors here, not in a build."""
    m, errors = c.raw["mvu"], []
    p = {q["name"]: q for q in c.params}
    if [f["name"] for f in m["channel"]] != [q["name"] for q in c.params]:
        errors.append("mvu.channel must list the [[param]] fields in their order")
    used = {}
    for group, words in (("header", m["header_words"]), ("channel", m["channel_words"])):
        for f in m[group]:
            bits = f.get("bits", p.get(f["name"], {}).get("bits"))
            if not 0 <= f["word"] < words or f["lsb"] + bits > m["cfg_word_bits"]:
                errors.append(f"mvu.{group} {f['name']}: outside its {words} words of {m['cfg_word_bits']} bits")
            for b in range(f["lsb"], f["lsb"] + bits):
                key = (group, f["word"], b)
                if key in used:
                    errors.append(f"mvu.{group} {f['name']} overlaps {used[key]}")
                used[key] = f["name"]
    for key in ("prebuilt", "synthesis"):
        for cfg in m[key]:
            pe, simd = cfg["pe"], cfg["simd"]
            if not (1 <= pe <= m["max_pe"] and 1 <= simd <= m["max_simd"]):
                errors.append(f"mvu.{key} {cfg}: PE or SIMD out of range")
            if cfg["max_k"] % simd or cfg["max_n"] % pe or not cfg["max_k"] <= m["max_dim"] >= cfg["max_n"]:
                errors.append(f"mvu.{key} {cfg}: max_k must be a multiple of SIMD, max_n of PE, both <= max_dim")
    # The weights w - zw are 9-bit signed lanes (qmac_mul, qmac_mul2's ports): -weight_max must fit too.
    if not 0 < m["weight_max"] < 2 ** (c.raw["types"]["weight_bits"] - 1):
        errors.append("mvu.weight_max must be positive and fit types.weight_bits signed")
    if errors:
        sys.exit("scripts/contract: docs/contract.toml: " + "; ".join(errors))


def field_rows(c):
    """(group, name, word, lsb, bits, doc) of the header and the channel record."""
    m = c.raw["mvu"]
    p = {q["name"]: q for q in c.params}
    rows = [("Header", f["name"], f["word"], f["lsb"], f["bits"], f["doc"]) for f in m["header"]]
    rows += [("Channel", f["name"], f["word"], f["lsb"], p[f["name"]]["bits"], p[f["name"]]["doc"]) for f in m["channel"]]
    return rows


def gen_mvu_pkg(c):
    m = c.raw["mvu"]
    L = ["// qmac_mvu_pkg: the qmac_mvu layer engine's contract (docs/mvu.md): stream widths, the configuration",
         "// stream's layout, the prebuilt configurations.",
         f"// {HEADER}",
         "// hls/include/qmac/hls/mvu_interface.hpp is generated from the same file.",
         "/* verilator lint_off UNUSEDPARAM */",
         "package qmac_mvu_pkg;", ""]
    scal = [("MaxPe", m["max_pe"]), ("MaxSimd", m["max_simd"]), ("MaxDim", m["max_dim"]),
            ("CfgWordBits", m["cfg_word_bits"]), ("ActLaneBits", m["act_lane_bits"]),
            ("OutLaneBits", m["out_lane_bits"]), ("WeightFieldBits", m["weight_field_bits"]),
            ("HeaderWords", m["header_words"]), ("ChannelWords", m["channel_words"]),
            ("Mul2Latency", m["mul2_latency"]), ("WeightMax", m["weight_max"])]
    scal += [("Latency" + camel(k), v) for k, v in m["latency"].items()]
    for n, v in scal:
        L.append(f"  localparam int {n:<16} /*verilator public*/ = {v};")
    L += ["", "  // qmac_mvu's LATENCY (docs/mvu.md): mul + ceil(log2(SIMD)) + acc + (PE - 1) + bias + requant + out.",
          "  function automatic int latency(input int pe, input int simd, input bit dsp_pack);",
          f"    latency = (dsp_pack ? Mul2Latency : {c.latency['mul']}) + ((simd > 1) ? $clog2(simd) : 0) + LatencyAcc",
          f"              + (pe - 1) + LatencyBias + {c.latency['requant']} + LatencyOut;",
          "  endfunction",
          "  // qmac_mvu's output FIFO entries: enough that the credits never stop a fold at full rate (a credit is",
          "  // back LATENCY + 1 edges after its fold's last step, folds end at most once per PE edges), one to spare.",
          "  function automatic int fifo_depth(input int pe, input int simd, input bit dsp_pack);",
          "    fifo_depth = (latency(pe, simd, dsp_pack) + 1) / pe + 2;",
          "  endfunction"]
    L += ["", "  // Configuration fields: <Group><Field>Word (word index in the header or a channel record), ...Lsb, ...Bits."]
    for group, name, word, lsb, bits, _ in field_rows(c):
        stem = group + camel(name)
        L.append(f"  localparam int {stem}Word /*verilator public*/ = {word};")
        L.append(f"  localparam int {stem}Lsb  /*verilator public*/ = {lsb};")
        L.append(f"  localparam int {stem}Bits /*verilator public*/ = {bits};")
    L += ["", "endpackage", "/* verilator lint_on UNUSEDPARAM */", ""]
    return "\n".join(L)


def gen_mvu_interface(c):
    m = c.raw["mvu"]
    L = ["// The qmac_mvu layer engine's contract in C++14 (docs/mvu.md): stream widths, the configuration stream's",
         "// layout, the prebuilt configurations; for the HLS kernel, its testbenches and the host library.",
         f"// {HEADER}",
         "// rtl/qmac_mvu_pkg.sv is generated from the same file.",
         "#pragma once", "", "#include \"qmac/hls/interface.hpp\"", "",
         "namespace qmac {", "namespace hw {", ""]
    scal = [("MvuMaxPe", m["max_pe"]), ("MvuMaxSimd", m["max_simd"]), ("MvuMaxDim", m["max_dim"]),
            ("MvuCfgWordBits", m["cfg_word_bits"]), ("MvuActLaneBits", m["act_lane_bits"]),
            ("MvuOutLaneBits", m["out_lane_bits"]), ("MvuWeightFieldBits", m["weight_field_bits"]),
            ("MvuHeaderWords", m["header_words"]), ("MvuChannelWords", m["channel_words"]),
            ("MvuMul2Latency", m["mul2_latency"]), ("MvuWeightMax", m["weight_max"])]
    scal += [("MvuLatency" + camel(k), v) for k, v in m["latency"].items()]
    for n, v in scal:
        L.append(f"constexpr int k{n} = {v};")
    L += ["", "// qmac_mvu's LATENCY (docs/mvu.md): mul + ceil(log2(SIMD)) + acc + (PE - 1) + bias + requant + out; the RTL",
          "// exports it (tests/rtl_mvu checks that the two agree).",
          "// (One expression over interface.hpp's ceil_log2: the HLS subset has no loops in constexpr functions.)",
          "constexpr int mvu_latency(int pe, int simd, bool dsp_pack) {",
          "    return (dsp_pack ? kMvuMul2Latency : kMulLatency) + ceil_log2(simd) + kMvuLatencyAcc + (pe - 1) +",
          "           kMvuLatencyBias + kRequantLatency + kMvuLatencyOut;",
          "}"]
    L += ["", "// Configuration fields: kMvu<Group><Field>Word (word index in the header or a channel record), ...Lsb, ...Bits."]
    for group, name, word, lsb, bits, _ in field_rows(c):
        stem = "kMvu" + group + camel(name)
        L.append(f"constexpr int {stem}Word = {word}, {stem}Lsb = {lsb}, {stem}Bits = {bits};")
    L += ["", "// The prebuilt configurations (Verilated models, C-simulation configurations, the testbench's choices).",
          "struct MvuShape {", "    int pe, simd, max_k, max_n;", "};",
          "constexpr MvuShape kMvuPrebuilt[] = {" + ", ".join(
              f"{{{x['pe']}, {x['simd']}, {x['max_k']}, {x['max_n']}}}" for x in m["prebuilt"]) + "};",
          f"constexpr int kMvuPrebuiltCount = {len(m['prebuilt'])};", "",
          "}  // namespace hw", "}  // namespace qmac", ""]
    return "\n".join(L)


def gen_mvu_table(c):
    m = c.raw["mvu"]
    L = ["| part | field | word | bits | meaning |", "|---|---|---|---|---|"]
    for group, name, word, lsb, bits, doc in field_rows(c):
        L.append(f"| {group.lower()} | `{name}` | {word} | [{lsb + bits - 1}:{lsb}] | {doc} |")
    L += ["", f"Configuration words: {m['cfg_word_bits']} bits; a load is {m['header_words']} header words, N channel records of "
          f"{m['channel_words']} words, then the K x N weights (w - zw) row-major (output channel n, input k), as "
          f"int{m['weight_field_bits']} in [-{m['weight_max']}, {m['weight_max']}], two per word (the even index in bits [15:0]; an odd count "
          "leaves the last word's upper half 0); TLAST on the last word.", "",
          "Prebuilt configurations (PE x SIMD, MAX_K x MAX_N): " + ", ".join(
              f"{x['pe']} x {x['simd']} ({x['max_k']} x {x['max_n']})" for x in m["prebuilt"]) + ". Synthesis: " + ", ".join(
              f"{x['pe']} x {x['simd']} ({x['max_k']} x {x['max_n']}; {', '.join(x['families'])})" for x in m["synthesis"]) + "."]
    return "\n".join(L)
