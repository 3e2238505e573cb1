"""The C++ that scripts/contract generates: hls/include/qmac/hls/interface.hpp, hls/tb/out_params.hpp and
sim/host/param_packers.hpp."""
from contract_hls_ports import gen_width_asserts
from contract_model import HEADER, camel, scalar_constants, width_name

def gen_interface(c):
    t, lat = c.types, c.latency
    L = ["// The qmac_dot hardware contract in C++14 (docs/interface.md): widths, ranges, encodings, latencies",
         "// and configurations shared by the HLS kernel, its testbenches and the host library.",
         f"// {HEADER}",
         "// rtl/qmac_pkg.sv is generated from the same file.",
         "#pragma once", "", "#include <cstdint>", "",
         "// The depth of the top's streams, as a macro because HLS pragmas (LOOP_TRIPCOUNT) take literals.",
         f"#define QMAC_HW_STREAM_DEPTH {c.hls['stream_depth']}", "",
         "namespace qmac {", "namespace hw {", "",
         "// `rounding` field: which integer requantizer runs (golden::FixedPointRounding).",
         "enum RoundingSel : std::uint8_t {"]
    for r in c.roundings:
        L.append(f"    kRound{camel(r['name'])} = {r['code']},  // {r['doc'].replace('`', '')}")
    L += ["};", f"constexpr int kRoundingCodes = {len(c.roundings)};",
          "// Their names (qmac-sim --mode, reports).",
          "constexpr const char* kRoundingNames[kRoundingCodes] = {" + ", ".join(f'"{r["name"]}"' for r in c.roundings) + "};", "",
          "// The legal shifts and the largest legal multiplier of each rounding code (for an undefined code,",
          "// the last code's)."]
    for fn, key, ty in (("shift_min", "shift_min", "int"), ("shift_max", "shift_max", "int"),
                        ("multiplier_max", "multiplier_max", "std::int32_t")):
        chain = " : ".join(f"rounding == kRound{camel(r['name'])} ? {r[key]}" for r in c.roundings[:-1])
        L += [f"constexpr {ty} {fn}(unsigned rounding) {{", f"    return {chain} : {c.roundings[-1][key]};", "}"]
    floats = [r for r in c.roundings if r["float32"]]
    L += ["// Whether a rounding code's multiplier holds the bits of a float32 (the float roundings).",
          "constexpr bool float32_multiplier(unsigned rounding) {",
          "    return " + " || ".join(f"rounding == kRound{camel(r['name'])}" for r in floats) + ";", "}"]
    L.append("")
    for name, value, int32, comment in scalar_constants(c):
        ty = "std::int32_t" if int32 else "int"
        L.append(f"constexpr {ty} k{name} = {value};" + (f"  // {comment}" if comment else ""))
    L += [
          f"constexpr int kStreamDepth = QMAC_HW_STREAM_DEPTH;", "",
          "// The prebuilt configurations (Verilated models, C-sim sweeps, regressions).",
          f"constexpr int kPrebuiltLanes[] = {{{', '.join(str(n) for n in c.lanes['prebuilt'])}}};",
          f"constexpr int kPrebuiltCount = {len(c.lanes['prebuilt'])};", "",
          "// Pipeline depths of qmac_dot (cycles of its advance enable).",
          f"constexpr int kMulLatency = {lat['mul']};",
          f"constexpr int kAccLatency = {lat['acc']};",
          f"constexpr int kRequantLatency = {lat['requant']};",
          f"constexpr int kSpillLatency = {lat['spill']};",
          "// ceil(log2(n)) for 1 <= n <= kMaxLanes, else -1: the adder tree's depth (one expression: the HLS",
          "// subset has no recursion, and a constexpr function in C++14 no labelled loop).",
          "constexpr int ceil_log2(int n) {",
          "    return " + " : ".join(f"n <= {1 << b} ? {b}" for b in range((c.lanes["max"] - 1).bit_length() + 1)) + " : -1;",
          "}",
          "// The contract's LATENCY of qmac_dot with `lanes` lanes: from the edge that transfers a `last` beat to",
          "// the edge after which its output is valid, without back-pressure.",
          "constexpr int dot_latency(int lanes) {",
          "    return kMulLatency + ceil_log2(lanes) + kAccLatency + kRequantLatency + kSpillLatency;",
          "}", "",
          "// The flat beat (rtl/qmac_dot_flat.sv): fields start at bit lanes * kBeatLaneBits + kBeat<Field>Lsb.",
          f"constexpr int kBeatLaneBits = {c.lane_bits()};"]
    fields, total = c.beat_fields()
    L.append(f"constexpr int kBeatFieldBits = {total};")
    for name, bits, lsb in fields:
        L.append(f"constexpr int kBeat{camel(name)}Lsb = {lsb};")
    assert fields[0][0] == "last" and fields[0][2] == total - 1, "the AXI4-Stream TDATA below drops `last` as the top bit"
    L += ["// The AXI4-Stream words of qmac_dot_top built with AMD's headers (hls/README.md): TDATA is the flat beat",
          "// without `last` (which is TLAST), zero-padded to whole bytes; the output TDATA is y, sign-extended.",
          "constexpr int axis_bytes(int bits) { return (bits + 7) / 8; }",
          "constexpr int axis_in_data_bits(int lanes) { return 8 * axis_bytes(lanes * kBeatLaneBits + kBeatLastLsb); }",
          "constexpr int kAxisOutDataBits = 8 * axis_bytes(kOutBits);"] + gen_width_asserts(c)
    L += ["",
          "static_assert(kShiftMin >= -(1 << (kShiftBits - 1)) && kShiftMax < (1 << (kShiftBits - 1)), \"shift field too narrow\");",
          "static_assert(kRoundingCodes <= (1 << kRoundingBits), \"rounding field too narrow\");",
          "static_assert(kWrapOffsetMin == 0 && kWrapOffsetMax < (1 << kWrapOffsetBits), \"wrap offset field too narrow\");",
          "static_assert(kOutParamMin >= -(1 << (kOutParamBits - 1)) && kOutParamMax < (1 << (kOutParamBits - 1)),",
          "              \"output parameter field too narrow\");", "",
          "}  // namespace hw", "}  // namespace qmac", ""]
    return "\n".join(L)


def gen_tb_out_params(c):
    L = ["// The per-output parameters of a `last` beat as the test benches and the host hold them (one struct for",
         "// the HLS test bench, tests/hls and the host library in sim/host).",
         f"// {HEADER}",
         "#pragma once", "", "#include <cstdint>", "",
         "namespace qmac {", "namespace hls_tb {", "",
         "struct OutParams {"]
    for q in c.params:
        ty = "unsigned" if not q["signed"] else ("int" if q["bits"] <= 16 and q["name"] == "shift" else "std::int32_t")
        L.append(f"    {ty} {q['cpp']} = {q['default']};  // {q['name']}: [{q['min']}, {q['max']}], {q['doc'].replace('`', '')}")
    L += ["};", "", "}  // namespace hls_tb", "}  // namespace qmac", ""]
    return "\n".join(L)


def gen_out_params(c):
    L = ["// The packing of the per-output parameters (hls/tb/out_params.hpp) into the ports of a Verilated",
         "// qmac_dot (s_<field>_i) or qmac_requant (<field>_i) and into a flat beat.",
         f"// {HEADER}",
         "#pragma once", "", "#include <cstdint>", "", "#include \"qmac/hls/interface.hpp\"",
         "#include \"out_params.hpp\"  // hls/tb: the OutParams struct", "",
         "namespace qmac::tb {", "",
         "using hls_tb::OutParams;", "",
         "// One field's two's-complement image in its port width.",
         "constexpr std::uint64_t field_bits(std::int64_t value, int bits) {",
         "    return static_cast<std::uint64_t>(value) & ((std::uint64_t{1} << bits) - 1);",
         "}", "",
         "// Drives the parameter ports of a Verilated qmac_dot.",
         "template <class Model> void drive_dot_params(Model& m, const OutParams& p) {"]
    for q in c.params:
        L.append(f"    m.s_{q['name']}_i = static_cast<decltype(+m.s_{q['name']}_i)>(field_bits(p.{q['cpp']}, hw::k{width_name(q)}Bits));")
    L += ["}", "",
          "// Drives the parameter ports of a Verilated qmac_requant (all but the bias, which it does not take).",
          "template <class Model> void drive_requant_params(Model& m, const OutParams& p) {"]
    for q in c.params:
        if not q["requant"]:
            continue
        L.append(f"    m.{q['name']}_i = static_cast<decltype(+m.{q['name']}_i)>(field_bits(p.{q['cpp']}, hw::k{width_name(q)}Bits));")
    L += ["}", "",
          "// Calls put(bits, width) for `last` and each parameter, in beat order (most significant first).",
          "template <class Put> void for_each_beat_field(bool last, const OutParams& p, Put put) {",
          "    put(std::uint64_t{last}, 1);"]
    for q in c.params:
        L.append(f"    put(field_bits(p.{q['cpp']}, hw::k{width_name(q)}Bits), hw::k{width_name(q)}Bits);")
    L += ["}", "", "}  // namespace qmac::tb", ""]
    return "\n".join(L)
