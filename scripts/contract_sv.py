"""The SystemVerilog that scripts/contract generates: rtl/qmac_pkg.sv and rtl/qmac_dot_flat.sv."""
from contract_model import HEADER, camel, scalar_constants, width_name

def gen_pkg(c):
    t, lat = c.types, c.latency
    L = [f"// qmac_pkg: the widths, ranges and encodings of the qmac_dot hardware contract (docs/interface.md).",
         f"// {HEADER}",
         "// hls/include/qmac/hls/interface.hpp is generated from the same file; tests/rtl also compares the two",
         "// through Verilator's public parameters.",
         "// Not every design uses every constant of the contract: unused ones are not a lint finding here.",
         "/* verilator lint_off UNUSEDPARAM */",
         "package qmac_pkg;", "",
         "  // `rounding` field: which integer requantizer runs (golden::FixedPointRounding).",
         ]
    for r in c.roundings:
        L.append(f"  localparam int Round{camel(r['name'])} /*verilator public*/ = {r['code']};  // {r['doc'].replace('`', '')}")
    L.append(f"  localparam int RoundingCodes /*verilator public*/ = {len(c.roundings)};")
    L.append("  // The legal shifts and the largest legal multiplier of each rounding.")
    for r in c.roundings:
        L.append(f"  localparam int Round{camel(r['name'])}ShiftMin /*verilator public*/ = {r['shift_min']};")
        L.append(f"  localparam int Round{camel(r['name'])}ShiftMax /*verilator public*/ = {r['shift_max']};")
        L.append(f"  localparam int Round{camel(r['name'])}MultiplierMax /*verilator public*/ = {r['multiplier_max']};")
    rb = c.p["rounding"]["bits"]
    for fn, key, default in (("shift_min", "ShiftMin", c.p["shift"]["min"]), ("shift_max", "ShiftMax", c.p["shift"]["max"]),
                             ("multiplier_max", "MultiplierMax", c.p["multiplier"]["max"])):
        L += [f"  // {fn} of a `rounding` code (for an undefined code, the widest of all).",
              f"  function automatic int {fn}(input logic [{rb - 1}:0] rounding);",
              "    case (rounding)"]
        for r in c.roundings:
            L.append(f"      {rb}'d{r['code']}: {fn} = Round{camel(r['name'])}{key};")
        L += [f"      default: {fn} = {default};", "    endcase", "  endfunction"]
    floats = [r for r in c.roundings if r["float32"]]
    L += ["  // Whether a `rounding` code's multiplier holds the bits of a float32 (the float roundings).",
          f"  function automatic logic float32_multiplier(input logic [{rb - 1}:0] rounding);",
          "    float32_multiplier = " + " || ".join(f"rounding == {rb}'(Round{camel(r['name'])})" for r in floats) + ";",
          "  endfunction"]
    L.append("")
    for name, value, _, comment in scalar_constants(c):
        L.append(f"  localparam int {name:<14} /*verilator public*/ = {value};" + (f"  // {comment}" if comment else ""))
    L += [
          "",
          "  // Product of one lane: a 9-bit signed activation (int8, or uint8 zero-extended) times a 9-bit signed",
          "  // weight (w - zw, in [-256, 255]). Its range is [-65280, 65025] (uint8) or [-32640, 32768] (int8): exact",
          "  // in 17 bits, one bit less than a general 9x9 signed product. The exact width still matters for Yosys",
          "  // 0.23 on xc7: with an 18-bit product Yosys would find the redundant sign bit itself, narrow the first",
          "  // adder-tree level and then pack that adder into the DSP48E1 post-adder (PREG) without the sum's top",
          "  // bit, which it leaves undriven (docs/resources.md, \"Yosys 0.23 xilinx_dsp bug\"). Still one DSP48E1",
          "  // (25x18) or SB_MAC16 (16x16 signed: the 9x9 fits) per lane.",
          "  localparam int ProdBits /*verilator public*/ = ActBits + WeightBits;",
          "",
          "  // Pipeline depths (cycles of the advance enable); qmac_dot adds them and its adder tree's into LATENCY.",
          f"  localparam int MulLatency     /*verilator public*/ = {lat['mul']};",
          f"  localparam int AccLatency     /*verilator public*/ = {lat['acc']};",
          f"  localparam int RequantLatency /*verilator public*/ = {lat['requant']};",
          f"  localparam int SpillLatency   /*verilator public*/ = {lat['spill']};",
          "",
          "  // The flat beat of qmac_dot_flat: {last, parameters, weights, activations}, lane i of the activations",
          "  // at [i*ActBits +: ActBits], of the weights at [LANES*ActBits + i*WeightBits +: WeightBits]; the fields",
          "  // below start at bit LANES*BeatLaneBits + Beat<Field>Lsb.",
          f"  localparam int BeatLaneBits   /*verilator public*/ = {c.lane_bits()};",
          ]
    fields, total = c.beat_fields()
    L.append(f"  localparam int BeatFieldBits  /*verilator public*/ = {total};")
    for name, bits, lsb in fields:
        L.append(f"  localparam int Beat{camel(name) + 'Lsb':<14} /*verilator public*/ = {lsb};")
    L += ["", "endpackage", "/* verilator lint_on UNUSEDPARAM */", ""]
    return "\n".join(L)


def gen_flat(c):
    fields, _ = c.beat_fields()
    ports = []
    for name, bits, lsb in fields:
        ports.append(f"    .s_{name}_i(s_beat_i[Lanes + qmac_pkg::Beat{camel(name)}Lsb +: {bits}]),")
    L = [f"// qmac_dot_flat: qmac_dot with its input beat as one flat bus (the layout of qmac_pkg: {{last,",
         "// parameters, weights, activations}), for shells that shift a beat in (scripts/synth) and for the",
         "// gate-level netlist testbench. Define QMAC_NETLIST when `qmac_dot` is a synthesized netlist (no",
         "// parameters).",
         f"// {HEADER}",
         "module qmac_dot_flat #(",
         "  parameter int LANES      = qmac_pkg::DefaultLanes,",
         "  parameter bit ACT_SIGNED = 1'b1,",
         "  parameter bit DSP_CASCADE = 1'b0,",
         "  localparam int BeatBits  = LANES * qmac_pkg::BeatLaneBits + qmac_pkg::BeatFieldBits",
         ") (",
         "  input  logic                        clk_i,",
         "  input  logic                        rst_i,",
         "  input  logic                        s_valid_i,",
         "  output logic                        s_ready_o,",
         "  input  logic [BeatBits-1:0]         s_beat_i,",
         "  output logic                        m_valid_o,",
         "  input  logic                        m_ready_i,",
         "  output logic [qmac_pkg::OutBits-1:0] m_data_o",
         ");",
         "  localparam int Lanes = LANES * qmac_pkg::BeatLaneBits;",
         "`ifdef QMAC_NETLIST",
         "  qmac_dot u_dot (",
         "`else",
         "  qmac_dot #(.LANES(LANES), .ACT_SIGNED(ACT_SIGNED), .DSP_CASCADE(DSP_CASCADE)) u_dot (",
         "`endif",
         "    .clk_i, .rst_i, .s_valid_i, .s_ready_o,",
         "    .s_act_i(s_beat_i[0 +: LANES * qmac_pkg::ActBits]),",
         "    .s_wgt_i(s_beat_i[LANES * qmac_pkg::ActBits +: LANES * qmac_pkg::WeightBits]),",
         ] + ports + [
         "    .m_valid_o, .m_ready_i, .m_data_o",
         "  );",
         "endmodule", ""]
    return "\n".join(L)
